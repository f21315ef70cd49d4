/**
 * embed/score --store and store init|stats|drop against a real PostgreSQL with pgvector
 * (test/support/pg-server.ts): one server for the file, one schema per test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';
import { skipWithoutPgvector, startTestServer, TEST_PASSWORD, type TestServer } from '../support/pg-server.js';
import { candidatesCsv, jsonlVectors, storeArgs, storedRows, syncCounts } from '../support/store-helpers.js';

const skip = skipWithoutPgvector;
let server: TestServer;
before(async () => {
  if (skip === false) server = await startTestServer();
});
after(() => server?.stop());

const model = ['--model', TINY_MODEL];
const cands = fixture('candidates.csv');
const jobs = fixture('jobs.csv');

interface MatchRow {
  job: string;
  candidate: string;
  score: number;
  rank: number;
}
const jsonl = (stdout: string): MatchRow[] => stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as MatchRow);

/** In-process `score` output (no store), run once per flag set for the whole file. */
const inProcessRuns = new Map<string, Promise<string>>();
function inProcess(...flags: string[]): Promise<string> {
  const key = flags.join(' ');
  if (!inProcessRuns.has(key)) {
    inProcessRuns.set(key, runCli(['score', cands, jobs, ...model, '--quiet', ...flags]).then((r) => {
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    }));
  }
  return inProcessRuns.get(key)!;
}

/** Same groups, items and ranks; scores equal up to float32 rounding in another engine. */
function assertSameRanking(actual: MatchRow[], expected: MatchRow[], tolerance = 2e-6): void {
  assert.deepEqual(actual.map((m) => [m.job, m.candidate, m.rank]), expected.map((m) => [m.job, m.candidate, m.rank]));
  actual.forEach((m, i) => assert.ok(Math.abs(m.score - expected[i]!.score) <= tolerance, `${m.job}/${m.candidate}: ${m.score} vs ${expected[i]!.score}`));
}

test('sharded embeds fill the store with exactly the vectors embed writes; re-running a shard changes nothing', { skip }, async () => {
  const full = await runCli(['embed', cands, '--kind', 'candidate', ...model, '--quiet']);
  assert.equal(full.code, 0, full.stderr);
  const expected = jsonlVectors(full.stdout);
  const shards = [];
  for (const shard of ['1/2', '2/2']) {
    const r = await runCli(['embed', cands, '--kind', 'candidate', '--shard', shard, ...model, ...storeArgs(server, 'shards')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'with --store nothing goes to stdout');
    shards.push(syncCounts(r.stderr));
  }
  assert.equal(shards[0]!.records + shards[1]!.records, expected.size);
  for (const s of shards) assert.deepEqual([s.unchanged, s.embedded, s.written], [0, s.records, s.records]);

  const rows = await storedRows(server, 'shards');
  assert.deepEqual([...rows.keys()].sort(), [...expected.keys()].sort());
  for (const [id, row] of rows) {
    // Binary COPY keeps float32 exactly: equal after rounding both sides to float32.
    assert.deepEqual(row.vector.map(Math.fround), expected.get(id)!.map(Math.fround), id);
    assert.equal(row.source, cands);
  }
  const again = await runCli(['embed', cands, '--kind', 'candidate', '--shard', '1/2', ...model, ...storeArgs(server, 'shards')]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(syncCounts(again.stderr), { records: shards[0]!.records, unchanged: shards[0]!.records, embedded: 0, written: 0 });
  assert.doesNotMatch(again.stderr, /^cache: /m, 'nothing to embed: the model is not even run');
  const after = await storedRows(server, 'shards');
  assert.deepEqual([...after].map(([id, r]) => [id, r.xmin]), [...rows].map(([id, r]) => [id, r.xmin]), 'no row was rewritten');
});

test('a changed resume is re-embedded and overwritten; unchanged ones are not touched', { skip }, async () => {
  const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
  const first = await runCli(['embed', candidatesCsv(ids), '--kind', 'candidate', ...model, ...storeArgs(server, 'changes')]);
  assert.equal(first.code, 0, first.stderr);
  const before = await storedRows(server, 'changes');
  const changed = await runCli(['embed', candidatesCsv(ids, ' Now also Rust.', new Set(['a3'])), '--kind', 'candidate', ...model, ...storeArgs(server, 'changes')]);
  assert.equal(changed.code, 0, changed.stderr);
  assert.deepEqual(syncCounts(changed.stderr), { records: 5, unchanged: 4, embedded: 1, written: 1 });
  const after = await storedRows(server, 'changes');
  for (const id of ids) {
    const same = id !== 'a3';
    assert.equal(after.get(id)!.xmin === before.get(id)!.xmin, same, `${id} rewritten: ${!same}`);
    assert.equal(after.get(id)!.hash === before.get(id)!.hash, same);
  }
  assert.notDeepEqual(after.get('a3')!.vector, before.get('a3')!.vector);
});

test('score --store ranks inside PostgreSQL as the in-process path does, in every format', { skip }, async () => {
  const store = storeArgs(server, 'scoring');
  const viaStore = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'jsonl', ...store]);
  assert.equal(viaStore.code, 0, viaStore.stderr);
  assertSameRanking(jsonl(viaStore.stdout), jsonl(await inProcess('-k', '3', '-f', 'jsonl')));
  assert.deepEqual(syncCounts(viaStore.stderr, 'jobs'), { records: 8, unchanged: 0, embedded: 8, written: 8 });

  const json = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'json', ...store]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(syncCounts(json.stderr, 'candidates'), { records: 12, unchanged: 12, embedded: 0, written: 0 });
  const report = JSON.parse(json.stdout) as { model: string; dim: number; matches: MatchRow[]; stats: { count: number }; histogram: Array<{ count: number }>; truncated: unknown; store: Record<string, unknown> };
  const plain = JSON.parse(await inProcess('-k', '3', '-f', 'json')) as typeof report;
  assert.deepEqual(Object.keys(report), [...Object.keys(plain), 'store']);
  assert.deepEqual([report.model, report.dim, report.truncated], [plain.model, plain.dim, plain.truncated]);
  assert.deepEqual(report.store, { search: 'exact', stats_over: 'matches' });
  assert.equal(report.stats.count, report.matches.length, 'stats cover the kept matches');
  assert.equal(report.histogram.reduce((n, b) => n + b.count, 0), 24);

  const csv = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'csv', ...store]);
  const plainCsv = await inProcess('-k', '3', '-f', 'csv');
  assert.deepEqual(csv.stdout.split('\n').map((l) => l.split(',').slice(0, 3).join()), plainCsv.split('\n').map((l) => l.split(',').slice(0, 3).join()));

  const table = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'table', ...store]);
  assert.match(table.stdout, /^Ranked inside PostgreSQL: exact search$/m);
  assert.match(table.stdout, /^Score distribution \(the 24 kept matches only: --store does not compute every candidate-job score\)$/m);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-store-out-'));
  const file = path.join(dir, 'matches.jsonl');
  const toFile = await runCli(['score', cands, jobs, ...model, '-k', '3', '-o', file, ...store]);
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.equal(readFileSync(file, 'utf8'), viaStore.stdout);
});

test('--per candidate and --min-score through the store match the in-process ranking', { skip }, async () => {
  const flags = ['-k', '2', '--per', 'candidate', '--min-score', '0.995', '-f', 'jsonl'];
  const viaStore = await runCli(['score', cands, jobs, ...model, ...flags, ...storeArgs(server, 'percand')]);
  assert.equal(viaStore.code, 0, viaStore.stderr);
  const rows = jsonl(viaStore.stdout);
  assert.ok(rows.length > 0 && rows.every((m) => m.score >= 0.995));
  assertSameRanking(rows, jsonl(await inProcess(...flags)));
});

test('score --store ranks only the files\' records when the store holds more, exact and HNSW', { skip }, async () => {
  const store = storeArgs(server, 'scope');
  assert.equal((await runCli(['embed', cands, '--kind', 'candidate', ...model, ...store])).code, 0);
  const subset = candidatesCsv(['s1', 's2', 's3', 's4']);
  const expected = jsonl((await runCli(['score', subset, jobs, ...model, '-k', '3', '-f', 'jsonl'])).stdout);
  for (const extra of [[], ['--ann']]) {
    const viaStore = await runCli(['score', subset, jobs, ...model, '-k', '3', '-f', 'jsonl', ...store, ...extra]);
    assert.equal(viaStore.code, 0, viaStore.stderr);
    assertSameRanking(jsonl(viaStore.stdout), expected);
  }
  const [{ n }] = (await server.query<{ n: string }>('SELECT count(*) AS n FROM scope.candidates')) as [{ n: string }];
  assert.equal(Number(n), 16, 'the other file\'s rows are still there');
});

test('score @store JOBS ranks every stored candidate without reading a candidates file', { skip }, async () => {
  const store = storeArgs(server, 'atstore');
  for (const shard of ['1/2', '2/2']) assert.equal((await runCli(['embed', cands, '--kind', 'candidate', '--shard', shard, ...model, ...store])).code, 0);
  const r = await runCli(['score', '@store', jobs, ...model, '-k', '3', '-f', 'jsonl', ...store]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /store: all 12 stored candidates \(@store\); 8 jobs: 0 unchanged, 8 embedded, 8 written/);
  // Ties would go by id here rather than file position; the tiny model's top 3 have none.
  assertSameRanking(jsonl(r.stdout), jsonl(await inProcess('-k', '3', '-f', 'jsonl')));
  const json = JSON.parse((await runCli(['score', '@store', jobs, ...model, '-k', '3', '-f', 'json', ...store])).stdout) as { truncated: unknown };
  assert.deepEqual(json.truncated, JSON.parse(await inProcess('-k', '3', '-f', 'json')).truncated);
  const refused = await runCli(['score', '@store', jobs, ...model, '--per', 'candidate', ...store]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /@store ranks the stored candidates for each job; --per candidate needs a candidates file/);
});

test('--ann builds the HNSW index once and reports its recall against exact search', { skip }, async () => {
  const store = storeArgs(server, 'hnsw');
  const exact = jsonl(await inProcess('-k', '3', '-f', 'jsonl'));
  const first = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'json', '--ann', ...store]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /building the HNSW index candidates_hnsw_m1/);
  assert.match(first.stderr, /HNSW recall@3 1\.000 against exact search on 8 of 8 jobs \(ef_search 40/);
  const report = JSON.parse(first.stdout) as { matches: MatchRow[]; store: Record<string, unknown> };
  assert.deepEqual(report.store, { search: 'hnsw', stats_over: 'matches', ef_search: 40, recall_at_k: 1, recall_groups: 8 });
  assertSameRanking(report.matches, exact);
  const second = await runCli(['score', cands, jobs, ...model, '-k', '3', '--ann', '--ef-search', '64', '--ann-check', '2', '-f', 'table', ...store]);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /building the HNSW index/);
  assert.match(second.stdout, /^Ranked inside PostgreSQL: HNSW index \(ef_search 64\), recall@3 1\.000 against exact search on 2 jobs$/m);
  const stats = await runCli(['store', 'stats', ...store]);
  assert.match(stats.stdout, /12 candidates, 8 jobs, HNSW candidates_hnsw_m1/);
});

test('store init, stats and drop; a halfvec store keeps scores to float16 precision', { skip }, async () => {
  const store = storeArgs(server, 'half');
  const init = await runCli(['store', 'init', '--dim', '32', '--store-type', 'halfvec', ...store]);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /store ready at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(schema half\): halfvec\(32\) vectors/);
  const viaStore = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'jsonl', ...store]);
  assert.equal(viaStore.code, 0, viaStore.stderr);
  const rows = jsonl(viaStore.stdout);
  assert.equal(rows.length, 24);
  // float16 keeps ~3 significant digits per coordinate: the ranking of near-equal tiny-model
  // scores may reorder, the scores may not move by more than that.
  const byPair = new Map(jsonl(await inProcess('-k', '12', '-f', 'jsonl')).map((m) => [`${m.job}/${m.candidate}`, m.score]));
  for (const m of rows) assert.ok(Math.abs(m.score - byPair.get(`${m.job}/${m.candidate}`)!) < 2e-3, `${m.job}/${m.candidate}`);

  const stats = JSON.parse((await runCli(['store', 'stats', '-f', 'json', ...store])).stdout) as { dim: number; vector_type: string; models: Array<{ candidates: number; jobs: number; fingerprint: string }>; store: string };
  assert.deepEqual([stats.dim, stats.vector_type, stats.models.length, stats.models[0]!.candidates, stats.models[0]!.jobs], [32, 'halfvec', 1, 12, 8]);
  assert.match(stats.models[0]!.fingerprint, /^[0-9a-f]{64}$/);
  assert.ok(!stats.store.includes(TEST_PASSWORD));
  const drop = await runCli(['store', 'drop', ...store]);
  assert.match(drop.stdout, /dropped the store at .*: 12 candidate and 8 job vectors/);
  assert.deepEqual(await server.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'half'`), []);
  const empty = await runCli(['store', 'stats', ...store]);
  assert.match(empty.stdout, /tables {4}none yet/);
});

test('the store URL can come from RESUMATOR_STORE or the libpq variables; --no-store overrides RESUMATOR_STORE', { skip }, async () => {
  const viaEnv = await runCli(['embed', cands, '--kind', 'job', '--columns', 'description=resume', ...model], { env: { RESUMATOR_STORE: server.url, RESUMATOR_STORE_SCHEMA: 'fromenv' } });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.equal(syncCounts(viaEnv.stderr, 'jobs').written, 12);
  const libpq = { PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'postgres', PGPASSWORD: TEST_PASSWORD, PGDATABASE: 'postgres' };
  const stats = await runCli(['store', 'stats', '--store', 'postgres://', '--store-schema', 'fromenv'], { env: libpq });
  assert.equal(stats.code, 0, stats.stderr);
  assert.match(stats.stdout, new RegExp(`^store {5}postgres://postgres@127\\.0\\.0\\.1:${server.port}/postgres \\(schema fromenv\\)$`, 'm'));
  assert.ok(!`${stats.stdout}${stats.stderr}`.includes(TEST_PASSWORD));
  const off = await runCli(['score', cands, jobs, ...model, '-k', '3', '-f', 'jsonl', '--no-store'], { env: { RESUMATOR_STORE: 'postgres://nobody@127.0.0.1:1/none' } });
  assert.equal(off.code, 0, off.stderr);
  assert.doesNotMatch(off.stderr, /store/);
  assert.equal(off.stdout, await inProcess('-k', '3', '-f', 'jsonl'));
});
