/**
 * Store failures against real servers: unreachable, wrong or missing password, no such
 * database, TLS refused, pgvector missing, dimension mismatch. Each exits 2 with one message
 * that names the store without its password and says what to do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';
import { skipWithoutOpenssl, skipWithoutPgvector, skipWithoutPostgres, startTestServer, type TestServer } from '../support/pg-server.js';
import { storeArgs } from '../support/store-helpers.js';

const SECRET = 'hunter2-not-shown';
let server: TestServer;
const skipTls = skipWithoutPostgres || skipWithoutOpenssl;
before(async () => {
  // Database tlsonly takes TLS connections only: a success there proves the URL's TLS options reached the driver.
  if (skipWithoutPostgres === false) {
    server = await startTestServer(skipTls === false ? { tls: true, hba: ['hostnossl tlsonly all 127.0.0.1/32 reject'] } : {});
    if (skipTls === false) await server.query('CREATE DATABASE tlsonly');
  }
});
after(() => server?.stop());

const model = ['--model', TINY_MODEL];
const cands = fixture('candidates.csv');
const jobs = fixture('jobs.csv');

function assertStoreError(r: { code: number | null; stdout: string; stderr: string }, expected: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, expected);
  assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('error:')).length, 1, r.stderr);
  assert.ok(!r.stderr.includes(SECRET), 'the password is never printed');
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

test('an unreachable server: the store is named without its password, with what to check', async () => {
  const port = await closedPort();
  const r = await runCli(['embed', cands, '--kind', 'candidate', ...model, '--store', `postgres://ana:${SECRET}@127.0.0.1:${port}/hr`]);
  assertStoreError(r, new RegExp(`^error: cannot reach the store postgres://ana@127\\.0\\.0\\.1:${port}/hr \\(schema resumator\\) \\(connect ECONNREFUSED.*RESUMATOR_STORE`, 'm'));
});

test('usage errors come before any connection: not a postgres URL, --matrix, --ann without --store', async () => {
  assertStoreError(await runCli(['store', 'stats', '--store', `mysql://root:${SECRET}@db/x`]), /--store must be a postgres:\/\/ URL .*got 'mysql:\/\/root@db\/x'/);
  assertStoreError(await runCli(['store', 'stats']), /give the store: --store postgres:\/\/.*RESUMATOR_STORE/);
  assertStoreError(await runCli(['score', cands, jobs, ...model, '--matrix', 'm.csv', '--store', 'postgres://127.0.0.1:1/x']), /--matrix needs every candidate x job score, which --store exists not to compute/);
  assertStoreError(await runCli(['score', cands, jobs, ...model, '--ann']), /--ann and --ef-search search an HNSW index inside the vector store: give --store too/);
  assertStoreError(await runCli(['embed', cands, '--kind', 'text', ...model, '--store', 'postgres://127.0.0.1:1/x']), /--store keeps candidates and jobs/);
  assertStoreError(await runCli(['store', 'stats', '--store', 'postgres://127.0.0.1:1/x', '--store-schema', 'bad-name']), /--store-schema must be a plain SQL name/);
});

test('wrong password, no password, no such database', { skip: skipWithoutPostgres }, async () => {
  const port = server.port;
  assertStoreError(await runCli(['store', 'stats', '--store', server.urlWith({ password: SECRET })]), new RegExp(`the store postgres://postgres@127\\.0\\.0\\.1:${port}/postgres \\(schema resumator\\) refused the login \\(password authentication failed for user "postgres"\\): check the user and password`));
  assertStoreError(await runCli(['store', 'stats', '--store', `postgres://postgres@127.0.0.1:${port}/postgres`], { env: { PGPASSWORD: '' } }), /asks for a password and none was given/);
  assertStoreError(await runCli(['store', 'stats', '--store', server.urlWith({ database: 'hr' })]), /database "hr" does not exist; create it \(createdb\)/);
});

test('TLS options in the URL reach the driver: sslmode, sslrootcert; failures say which to check', { skip: skipTls }, async () => {
  const tlsOnly = server.urlWith({ database: 'tlsonly' });
  assertStoreError(await runCli(['store', 'stats', '--store', tlsOnly]), /refused the login .*no encryption/);
  for (const params of ['sslmode=no-verify', `sslmode=verify-full&sslrootcert=${encodeURIComponent(server.certFile!)}`]) {
    const r = await runCli(['store', 'stats', '--store', `${tlsOnly}?${params}`]);
    assert.equal(r.code, 0, `${params}: ${r.stderr}`);
    assert.match(r.stdout, /^store {5}postgres:\/\/postgres@127\.0\.0\.1:\d+\/tlsonly \(schema resumator\)$/m);
  }
  assertStoreError(await runCli(['store', 'stats', '--store', `${tlsOnly}?sslmode=verify-full`]), /TLS failed \(self[- ]signed certificate\); check sslmode, sslrootcert/);
  assertStoreError(await runCli(['store', 'stats', '--store', `${tlsOnly}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`]), /names a file that cannot be read .*\/nonexistent\/ca\.pem.*sslrootcert/);
});

test('pgvector missing on the server: CREATE EXTENSION fails and the message says how to install it', { skip: skipWithoutPostgres }, async () => {
  const bare = await startTestServer({ pgvector: false });
  try {
    const available = await bare.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    assert.deepEqual(available, [], 'the relocated server has no pgvector');
    const major = Number((await bare.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`))[0]!.v) / 10000;
    for (const args of [['store', 'init'], ['embed', cands, '--kind', 'candidate', ...model]]) {
      const r = await runCli([...args, '--store', bare.url]);
      assertStoreError(r, new RegExp(`pgvector is not installed on the server of the store postgres://postgres@127\\.0\\.0\\.1:${bare.port}/postgres .*apt install postgresql-${Math.floor(major)}-pgvector.*make && make install`));
    }
    const stats = await runCli(['store', 'stats', '--store', bare.url]);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stdout, /no pgvector extension in this database/);
    assertStoreError(await runCli(['store', 'stats', '--store', `${bare.url}?sslmode=no-verify`]), /TLS failed \(The server does not support SSL connections\); check sslmode/);
  } finally {
    bare.stop();
  }
});

test('a store written at one dimension refuses another, and a --store-type it was not created with', { skip: skipWithoutPgvector }, async () => {
  const store = storeArgs(server, 'dims');
  assert.equal((await runCli(['embed', cands, '--kind', 'candidate', ...model, ...store])).code, 0);
  assertStoreError(await runCli(['score', cands, jobs, ...model, '--dim', '16', ...store]), /dimension mismatch: the store .* \(schema dims\) holds 32-dimensional vectors and this run's are 16-dimensional; pass --dim 32 .*another --store-schema/);
  assertStoreError(await runCli(['embed', cands, '--kind', 'candidate', ...model, '--store-type', 'halfvec', ...store]), /keeps vector columns; --store-type halfvec applies only when a store's tables are created/);
  assertStoreError(await runCli(['store', 'init', '--dim', '8', ...store]), /holds 32-dimensional vectors and this run's are 8-dimensional/);
});
