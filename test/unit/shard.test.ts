import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { parseShard, shardOf, shardPositions } from '../../src/input/shard.js';
import { repoRoot } from '../support/paths.js';

const ids = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? `c${i}` : `cand-${i}-é`));

test('--shard I/N parses 1-based shards and rejects anything else', () => {
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  assert.deepEqual(parseShard(' 3 / 4 '), { index: 3, count: 4 });
  for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) {
    assert.throws(() => parseShard(bad), UsageError, bad);
  }
});

test('the shard is 1 + (first 8 bytes of sha256(id), big-endian) mod N, as docs/scale.md documents', () => {
  for (const id of ['c001', 'j042', 'Ωmega', '']) {
    const h = BigInt('0x' + createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16));
    for (const n of [1, 2, 3, 10, 1000]) assert.equal(shardOf(id, n), Number(h % BigInt(n)) + 1);
  }
  // Pinned values: a change here would silently reshuffle every user's shards.
  assert.deepEqual(['c001', 'c002', 'c003', 'c004', 'c005'].map((id) => shardOf(id, 4)), [1, 2, 1, 3, 4]);
});

test('shards partition a corpus exactly, each in input order, and roughly evenly', () => {
  for (const n of [1, 2, 3, 7]) {
    const seen = new Array<number>(ids.length).fill(0);
    for (let i = 1; i <= n; i++) {
      const positions = shardPositions(ids, { index: i, count: n });
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'input order');
      for (const p of positions) seen[p]! += 1;
      // 2000 ids: expected 2000/n each; 5 standard deviations is far outside chance.
      const expected = ids.length / n;
      assert.ok(Math.abs(positions.length - expected) <= 5 * Math.sqrt(expected) + 1, `shard ${i}/${n}: ${positions.length}`);
    }
    assert.ok(seen.every((c) => c === 1), `every id in exactly one of ${n} shards`);
  }
});

test('shard assignment is the same in another process', () => {
  const script = `import { shardOf } from ${JSON.stringify(path.join(repoRoot, 'dist', 'src', 'input', 'shard.js'))}; process.stdout.write(JSON.stringify(${JSON.stringify(ids.slice(0, 300))}.map((id) => shardOf(id, 5))));`;
  const other = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as number[];
  assert.deepEqual(other, ids.slice(0, 300).map((id) => shardOf(id, 5)));
});
