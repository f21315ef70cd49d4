import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openMatrixCsv } from '../../src/report/score/matrix-csv.js';
import { forEachSimilarityBlock } from '../../src/similarity/block-similarity.js';
import { randomUnitRows } from '../support/seeded-random.js';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'resumator-matrix-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('golden: header of job ids, one row per candidate, escaped ids, float32 scores exactly (9 significant digits)', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'm.csv');
    const matrix = await openMatrixCsv(path, ['alice', '=evil'], ['job,1', '-j']);
    await matrix.writeBlock(0, 1, Float32Array.of(0.5, -0.25));
    await matrix.writeBlock(1, 1, Float32Array.of(Math.fround(0.1234567), 1));
    await matrix.commit();
    assert.equal(await readFile(path, 'utf8'), [
      `candidate,"job,1",'-j`,
      'alice,0.5,-0.25',
      "'=evil,0.123456702,1",
      '',
    ].join('\n'));
    assert.deepEqual(await readdir(dir), ['m.csv']);
  });
});

test('fed by forEachSimilarityBlock: every cell reads back as exactly the float32 score of its block', async () => {
  await withTempDir(async (dir) => {
    const nC = 7, nJ = 5, dim = 6;
    const cands = randomUnitRows(nC, dim, 1);
    const jobs = randomUnitRows(nJ, dim, 2);
    const candIds = Array.from({ length: nC }, (_, i) => `c${i}`);
    const jobIds = Array.from({ length: nJ }, (_, j) => `j${j}`);
    const path = join(dir, 'scores.csv');
    const matrix = await openMatrixCsv(path, candIds, jobIds);
    const scores = new Float32Array(nC * nJ);
    await forEachSimilarityBlock(cands, nC, jobs, nJ, dim, async (s, n, b) => {
      scores.set(b.subarray(0, n * nJ), s * nJ);
      await matrix.writeBlock(s, n, b);
    }, { blockRows: 3 });
    await matrix.commit();
    const rows = parse(await readFile(path, 'utf8')) as string[][];
    assert.deepEqual(rows[0], ['candidate', ...jobIds]);
    assert.equal(rows.length, nC + 1);
    for (let i = 0; i < nC; i++) {
      assert.equal(rows[i + 1]![0], candIds[i]);
      for (let j = 0; j < nJ; j++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += cands[i * dim + d]! * jobs[j * dim + d]!;
        const written = Number(rows[i + 1]![j + 1]);
        assert.equal(Math.fround(written), scores[i * nJ + j], `(${i}, ${j}): ${rows[i + 1]![j + 1]} is not the float32 score`);
        assert.ok(Math.abs(written - dot) <= 1e-6, `(${i}, ${j}): ${written} vs ${dot}`);
      }
    }
  });
});

test('out-of-order blocks are rejected; missing rows abort the file at commit', async () => {
  await withTempDir(async (dir) => {
    const matrix = await openMatrixCsv(join(dir, 'm.csv'), ['a', 'b'], ['j']);
    await assert.rejects(matrix.writeBlock(1, 1, Float32Array.of(0.1)), /out of order \(expected 0\)/);
    await matrix.writeBlock(0, 1, Float32Array.of(0.1));
    await assert.rejects(matrix.commit(), /matrix has 1 of 2 candidate rows/);
    assert.deepEqual(await readdir(dir), []);
  });
});

test('abort leaves no file', async () => {
  await withTempDir(async (dir) => {
    const matrix = await openMatrixCsv(join(dir, 'm.csv'), ['a'], ['j']);
    await matrix.writeBlock(0, 1, Float32Array.of(0.1));
    await matrix.abort();
    assert.deepEqual(await readdir(dir), []);
  });
});
