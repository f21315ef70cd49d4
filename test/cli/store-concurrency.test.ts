/**
 * Store writes under interruption and concurrency, against a real server. The tests stop a
 * writer at a known point by holding a lock it needs (the server then reports it waiting in
 * pg_stat_activity), so nothing depends on timing: kill it there, or release it together with
 * another writer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';
import { skipWithoutPgvector, startTestServer, type TestServer } from '../support/pg-server.js';
import { candidatesCsv, jsonlVectors, lockWaiters, spawnCli, storeArgs, storedRows, syncCounts, waitFor } from '../support/store-helpers.js';

const skip = skipWithoutPgvector;
let server: TestServer;
before(async () => {
  if (skip === false) server = await startTestServer();
});
after(() => server?.stop());

const model = ['--model', TINY_MODEL];
const ids = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];

const snapshot = async (schema: string): Promise<Array<[string, string, string]>> => [...(await storedRows(server, schema))].map(([id, r]) => [id, r.hash, r.xmin]);

/** Starts `args`, waits until its session waits on a lock, checks `visible`, kills it, then `release`s. */
async function killWhileBlocked(args: string[], release: () => Promise<void>, visible: () => Promise<void>): Promise<void> {
  const writer = spawnCli(args);
  await waitFor('the writer to block on the held lock', async () => (await lockWaiters(server)).length === 1);
  const [pid] = await lockWaiters(server);
  const [{ query }] = (await server.query<{ query: string }>('SELECT query FROM pg_stat_activity WHERE pid = $1', [pid])) as [{ query: string }];
  assert.match(query, /^INSERT INTO "\w+"\.candidates/, 'blocked inside its upsert, after the staged rows before the locked one');
  await visible();
  writer.child.kill('SIGKILL');
  assert.equal((await writer.done).signal, 'SIGKILL');
  await release();
  // The server notices the dead client when the statement ends, and rolls the transaction back.
  await waitFor('the killed writer\'s session to end', async () => (await server.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length === 0);
}

test('a shard killed mid-write of changed rows leaves every row as it was; the rerun writes them all', { skip }, async () => {
  const store = storeArgs(server, 'killed');
  assert.equal((await runCli(['embed', candidatesCsv(ids), '--kind', 'candidate', ...model, ...store])).code, 0);
  const before = await snapshot('killed');
  const holder = await server.connect();
  await holder.query('BEGIN');
  await holder.query(`SELECT 1 FROM killed.candidates WHERE id = 'k6' FOR UPDATE`);
  const changed = candidatesCsv(ids, ' Updated.');
  await killWhileBlocked(
    ['embed', changed, '--kind', 'candidate', ...model, ...store],
    async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    },
    async () => assert.deepEqual(await snapshot('killed'), before, 'k1..k5 rewritten inside the transaction, invisible outside it'),
  );
  assert.deepEqual(await snapshot('killed'), before, 'rolled back: nothing of the killed write');
  const rerun = await runCli(['embed', changed, '--kind', 'candidate', ...model, ...store]);
  assert.deepEqual(syncCounts(rerun.stderr), { records: 6, unchanged: 0, embedded: 6, written: 6 });
  const after = await storedRows(server, 'killed');
  for (const [id, hash] of before) assert.notEqual(after.get(id)!.hash, hash);
});

test('a first write killed midway leaves none of its new rows', { skip }, async () => {
  const store = storeArgs(server, 'killed_new');
  assert.equal((await runCli(['embed', candidatesCsv(['z0']), '--kind', 'candidate', ...model, ...store])).code, 0);
  const holder = await server.connect();
  await holder.query('BEGIN');
  // An uncommitted row with the writer's last key: its insert of k6 waits for this transaction.
  await holder.query(`INSERT INTO killed_new.candidates (model_id, id, text_hash, source_file, truncated, embedding) SELECT model_id, 'k6', '\\x00', 'test', false, embedding FROM killed_new.candidates WHERE id = 'z0'`);
  await killWhileBlocked(
    ['embed', candidatesCsv(ids), '--kind', 'candidate', ...model, ...store],
    async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    },
    async () => assert.deepEqual([...(await storedRows(server, 'killed_new')).keys()], ['z0']),
  );
  assert.deepEqual([...(await storedRows(server, 'killed_new')).keys()], ['z0']);
});

test('shards writing at the same moment, overlapping rows included, lose nothing and write each row once', { skip }, async () => {
  const cands = fixture('candidates.csv');
  const expected = jsonlVectors((await runCli(['embed', cands, '--kind', 'candidate', ...model, '--quiet'])).stdout);
  const store = storeArgs(server, 'overlap');
  assert.equal((await runCli(['store', 'init', '--dim', '32', ...store])).code, 0);
  const holder = await server.connect();
  await holder.query('BEGIN');
  // SHARE blocks every INSERT into the table, not reads: both writers stop at their upsert.
  await holder.query('LOCK TABLE overlap.candidates IN SHARE MODE');
  const writers = [spawnCli(['embed', cands, '--kind', 'candidate', '--shard', '1/2', ...model, ...store]), spawnCli(['embed', cands, '--kind', 'candidate', ...model, ...store])];
  await waitFor('both writers to wait at their upsert', async () => (await lockWaiters(server)).length === 2);
  await holder.query('COMMIT');
  await holder.end();
  const results = await Promise.all(writers.map((w) => w.done));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  // The second writer of a shared row waits for the first, then finds the same text: no rewrite.
  assert.equal(syncCounts(results[0]!.stderr).written + syncCounts(results[1]!.stderr).written, expected.size);
  const rows = await storedRows(server, 'overlap');
  assert.deepEqual([...rows.keys()].sort(), [...expected.keys()].sort());
  for (const [id, row] of rows) assert.deepEqual(row.vector.map(Math.fround), expected.get(id)!.map(Math.fround), id);
});

test('shards started together on an empty database both create-or-find pgvector and the tables, and fill them', { skip }, async () => {
  const cands = fixture('candidates.csv');
  await server.query('CREATE DATABASE race');
  const store = ['--store', server.urlWith({ database: 'race' }), '--store-schema', 'race'];
  const writers = ['1/2', '2/2'].map((shard) => spawnCli(['embed', cands, '--kind', 'candidate', '--shard', shard, ...model, ...store]));
  const results = await Promise.all(writers.map((w) => w.done));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.equal(syncCounts(results[0]!.stderr).written + syncCounts(results[1]!.stderr).written, 12);
  const check = await runCli(['store', 'stats', '-f', 'json', ...store]);
  const stats = JSON.parse(check.stdout) as { models: Array<{ candidates: number }> };
  assert.deepEqual(stats.models.map((m) => m.candidates), [12], 'one model row, every candidate once');
});
