import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { embedSets } from '../../src/embed/embed-sets.js';
import type { Reporter } from '../../src/reporter.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { inferenceCallCount } from '../../src/runtime/session.js';
import { TINY_MODEL } from '../support/cli.js';
import { tinyModelCopy } from '../support/model-copy.js';

const texts = [
  'Senior Python engineer with 5 years of experience in data pipelines',
  'Registered nurse',
  'Title: Accountant\nCompany: Acme\nDescription: month end close, payroll, audits',
  'sales manager',
  'chef',
  'Teacher of mathematics and science at a public school for ten years',
];

function cacheFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-cache-unit-')), 'sub', 'embeddings.sqlite');
}

/** A reporter that keeps notices so tests can read the cache's summary and warnings. */
function recorder(): Reporter & { notices: string[] } {
  const notices: string[] = [];
  return { notices, progress: () => ({ update: () => undefined, stop: () => undefined }), notice: (m) => void notices.push(m) };
}

async function embed(modelDir: string, list: readonly string[], cache: string | undefined, reporter = recorder()): Promise<{ vectors: Float32Array; calls: number; notices: string[] }> {
  const model = await loadModelDirectory(modelDir);
  const before = inferenceCallCount();
  const { sets } = await embedSets(model, [{ label: 'texts', texts: list }], { batchSize: 50, threads: 1, reporter, cache });
  return { vectors: (sets[0] as (typeof sets)[0]).vectors, calls: inferenceCallCount() - before, notices: reporter.notices };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

test('a second embedding of the same texts performs no inference and returns the same vectors', async () => {
  const file = cacheFile();
  const uncached = await embed(TINY_MODEL, texts, undefined);
  const first = await embed(TINY_MODEL, texts, file);
  const second = await embed(TINY_MODEL, texts, file);
  assert.ok(first.calls > 0);
  assert.equal(second.calls, 0);
  assert.deepEqual(second.vectors, first.vectors);
  assert.ok(maxAbsDiff(first.vectors, uncached.vectors) < 1e-6);
  assert.match(second.notices.at(-1) ?? '', /^cache: 6 of 6 distinct texts found in .*, 0 embedded$/);
});

test('changing one text re-embeds exactly that text; repeated texts are embedded once', async () => {
  const file = cacheFile();
  await embed(TINY_MODEL, texts, file);
  const changed = texts.map((t, i) => (i === 3 ? 'regional sales manager' : t));
  const again = await embed(TINY_MODEL, [...changed, 'regional sales manager', changed[0] as string], file);
  assert.equal(again.calls, 1);
  assert.match(again.notices.at(-1) ?? '', /^cache: 5 of 6 distinct texts found in .*, 1 embedded$/);
  const alone = await embed(TINY_MODEL, ['regional sales manager'], undefined);
  const dim = alone.vectors.length;
  assert.ok(maxAbsDiff(again.vectors.subarray(3 * dim, 4 * dim), alone.vectors) < 1e-6);
  assert.deepEqual(again.vectors.subarray(6 * dim, 7 * dim), again.vectors.subarray(3 * dim, 4 * dim));
  assert.deepEqual(again.vectors.subarray(7 * dim, 8 * dim), again.vectors.subarray(0, dim));
});

test('a model with one weight changed never gets the other model\'s vectors; a copied model does', async () => {
  const file = cacheFile();
  const original = await embed(TINY_MODEL, texts, file);
  const nudged = await embed(tinyModelCopy({ nudgeWeight: true }), texts, file);
  assert.equal(nudged.calls, 1);
  assert.match(nudged.notices.at(-1) ?? '', /^cache: 0 of 6 distinct texts found/);
  assert.ok(maxAbsDiff(nudged.vectors, original.vectors) > 1e-4, 'the nudged model embeds differently');
  const fresh = await embed(tinyModelCopy({ nudgeWeight: true }), texts, undefined);
  assert.ok(maxAbsDiff(nudged.vectors, fresh.vectors) < 1e-6);
  const copied = await embed(tinyModelCopy(), texts, file);
  assert.equal(copied.calls, 0, 'identical files in another directory are the same model');
});

test('a garbage cache file gives one warning, is moved aside, and the vectors are right', async () => {
  const file = cacheFile();
  const dir = path.dirname(file);
  await embed(TINY_MODEL, ['x'], file);
  writeFileSync(file, Buffer.from('this is not an SQLite database at all, just garbage bytes '.repeat(200)));
  const got = await embed(TINY_MODEL, texts, file);
  const uncached = await embed(TINY_MODEL, texts, undefined);
  assert.ok(maxAbsDiff(got.vectors, uncached.vectors) < 1e-6);
  const warnings = got.notices.filter((n) => n.startsWith('warning:'));
  assert.equal(warnings.length, 1, got.notices.join('\n'));
  assert.match(warnings[0] ?? '', /unusable \(file is not a database\); moved it to .*embeddings\.sqlite\.corrupt-.* and started a fresh cache/);
  assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 1);
  const next = await embed(TINY_MODEL, texts, file);
  assert.equal(next.calls, 0, 'the fresh cache was filled');
  assert.deepEqual(next.notices.filter((n) => n.startsWith('warning:')), []);
});

test('a cached vector whose bytes changed is not used: it is re-embedded', async () => {
  const file = cacheFile();
  const first = await embed(TINY_MODEL, texts, file);
  const db = new Database(file);
  // Flip one bit of one stored vector, as a damaged disk page would.
  const row = db.prepare('SELECT key, vector FROM embeddings LIMIT 1').get() as { key: Buffer; vector: Buffer };
  row.vector[5] = (row.vector[5] as number) ^ 0x01;
  db.prepare('UPDATE embeddings SET vector = ? WHERE key = ?').run(row.vector, row.key);
  db.close();
  const again = await embed(TINY_MODEL, texts, file);
  assert.equal(again.calls, 1);
  assert.ok(maxAbsDiff(again.vectors, first.vectors) < 1e-6);
});

test('a cache path that cannot be a file warns once and embeds without a cache', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-cache-unit-'));
  const got = await embed(TINY_MODEL, texts, dir);
  const uncached = await embed(TINY_MODEL, texts, undefined);
  assert.deepEqual(got.vectors, uncached.vectors);
  assert.equal(got.notices.length, 1);
  assert.match(got.notices[0] ?? '', /^warning: the embedding cache .* cannot be used .*; continuing without the cache$/);
});

test('an SQLite file that is not a resumator cache is left untouched', async () => {
  const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-cache-unit-')), 'app.sqlite');
  const db = new Database(other);
  db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  db.close();
  const got = await embed(TINY_MODEL, texts, other);
  assert.match(got.notices[0] ?? '', /not a resumator cache \(tables customers\)/);
  const check = new Database(other);
  const tables = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
  check.close();
  assert.deepEqual(tables, ['customers']);
});
