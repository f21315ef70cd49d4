/**
 * A throw-away PostgreSQL server for the store tests and the scale benchmark: initdb into a
 * temp directory, pg_ctl start on a free 127.0.0.1 port with the unix socket inside that
 * directory, stop and remove it at the end (after() hooks, and a process-exit hook for runs
 * that die first). Authentication is scram-sha-256 over TCP with a known password, so tests
 * can also log in with a wrong one; trust on the socket, which only this directory holds.
 *
 * Binaries: $RESUMATOR_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin (Debian), else
 * `pg_config --bindir`. initdb and postgres refuse to run as root, so as root the server runs
 * as the `postgres` user when it exists (Debian's packages create it), else `nobody`: the temp
 * directory is handed to that user and node spawns the binaries with its uid/gid.
 *
 * `startTestServer({ pgvector: false })` runs the same binaries from a relocated copy whose
 * share directory lacks pgvector (PostgreSQL finds its share directory relative to its own
 * executable), so "CREATE EXTENSION vector fails" is tested against a real server.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findBinDir, relocatedWithoutPgvector, shareDir } from './pg-install.js';

export const TEST_PASSWORD = 'resumator-test-pw';

export interface TestServer {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** With `tls`: the server's self-signed certificate (for 127.0.0.1), to trust as sslrootcert. */
  certFile?: string;
  /** The URL with another password or database. */
  urlWith(parts: { password?: string; database?: string }): string;
  /** A new session (the caller ends it). */
  connect(): Promise<pg.Client>;
  /** One statement on a short-lived session. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): void;
}

const binDir = findBinDir();

/** node:test `skip` value: a reason when no PostgreSQL server binaries are here (or RESUMATOR_TEST_PG=skip). */
export const skipWithoutPostgres: false | string =
  process.env['RESUMATOR_TEST_PG'] === 'skip'
    ? 'RESUMATOR_TEST_PG=skip'
    : binDir === undefined
      ? 'PostgreSQL server binaries not found (install postgresql-15, or bash .ci/setup-postgres.sh; RESUMATOR_PG_BIN=DIR points at others)'
      : false;

/** As {@link skipWithoutPostgres}, and also when pgvector is not installed for those binaries. */
export const skipWithoutPgvector: false | string =
  skipWithoutPostgres !== false ? skipWithoutPostgres : existsSync(path.join(shareDir(binDir!), 'extension', 'vector.control')) ? false : `pgvector is not installed in ${shareDir(binDir!)}/extension (bash .ci/setup-postgres.sh builds it)`;

/**
 * @example
 * const server = await startTestServer();
 * after(() => server.stop());
 * await runCli(['store', 'stats', '--store', server.url]);
 */
export interface TestServerOptions {
  /** false: a server whose share directory lacks pgvector. */
  pgvector?: boolean;
  /** Also accept TLS, with a fresh self-signed certificate (needs openssl). */
  tls?: boolean;
  /** pg_hba.conf lines put before initdb's own, e.g. `hostnossl tlsonly all 127.0.0.1/32 reject`. */
  hba?: string[];
  /** Server settings (-c NAME=VALUE). */
  settings?: Record<string, string>;
}

/** node:test `skip` value for tests that need {@link TestServerOptions.tls}. */
export const skipWithoutOpenssl: false | string = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0 ? false : 'openssl is not installed (needed to make a test certificate)';

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  if (binDir === undefined) throw new Error(String(skipWithoutPostgres));
  const root = mkdtempSync(path.join(os.tmpdir(), 'resumator-pg-'));
  const owner = serverUser();
  const spawnAs: SpawnSyncOptions = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid };
  const stopHook = (): void => stop();
  let running = false;
  let bin = binDir;
  const stop = (): void => {
    process.off('exit', stopHook);
    if (running) spawnSync(path.join(bin, 'pg_ctl'), ['-D', path.join(root, 'data'), '-m', 'immediate', '-w', 'stop'], { ...spawnAs, stdio: 'ignore' });
    running = false;
    rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', stopHook);
  try {
    if (options.pgvector === false) bin = relocatedWithoutPgvector(binDir, path.join(root, 'install'));
    writeFileSync(path.join(root, 'pw'), TEST_PASSWORD);
    const tls: Record<string, string> = {};
    if (options.tls === true) {
      run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(root, 'key.pem'), '-out', path.join(root, 'cert.pem')], {});
      chmodSync(path.join(root, 'key.pem'), 0o600);
      Object.assign(tls, { ssl: 'on', ssl_cert_file: path.join(root, 'cert.pem'), ssl_key_file: path.join(root, 'key.pem') });
    }
    if (owner !== undefined) chownTree(root, owner);
    run(path.join(binDir, 'initdb'), ['-D', path.join(root, 'data'), '-U', 'postgres', '--pwfile', path.join(root, 'pw'), '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], spawnAs);
    if (options.hba !== undefined) {
      const hba = path.join(root, 'data', 'pg_hba.conf');
      writeFileSync(hba, [...options.hba, readFileSync(hba, 'utf8')].join('\n'));
    }
    const settings = { listen_addresses: '127.0.0.1', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...tls, ...options.settings };
    const flags = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
    // The port is free when picked, but another process may take it before postgres binds:
    // then start fails and another port is tried.
    let port = 0;
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      const started = spawnSync(path.join(bin, 'pg_ctl'), ['-D', path.join(root, 'data'), '-l', path.join(root, `log-${port}`), '-w', '-t', '120', '-o', `-p ${port} -k ${root} ${flags}`, 'start'], { ...spawnAs, encoding: 'utf8' });
      if (started.status === 0) running = true;
      else if (attempt >= 5) throw new Error(`pg_ctl start failed: ${started.stdout}${started.stderr}${readLog(root, port)}`);
    }
    const urlWith = (parts: { password?: string; database?: string }): string =>
      `postgres://postgres:${encodeURIComponent(parts.password ?? TEST_PASSWORD)}@127.0.0.1:${port}/${parts.database ?? 'postgres'}`;
    const connect = async (): Promise<pg.Client> => {
      const client = new pg.Client({ connectionString: urlWith({}) });
      await client.connect();
      return client;
    };
    return {
      url: urlWith({}),
      port,
      ...(options.tls === true ? { certFile: path.join(root, 'cert.pem') } : {}),
      urlWith,
      connect,
      query: async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> => {
        const client = await connect();
        try {
          return (await client.query<R>(sql, params)).rows;
        } finally {
          await client.end();
        }
      },
      stop,
    };
  } catch (err) {
    stop();
    throw err;
  }
}

function run(file: string, args: string[], options: SpawnSyncOptions): void {
  const result = spawnSync(file, args, { ...options, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(file)} failed (${result.status}): ${result.stdout}${result.stderr}`);
}

/** Root cannot run PostgreSQL: the user to run it as, or undefined when not root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((fields) => fields[0] === name);
    if (entry !== undefined) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, owner);
    else if (!entry.isSymbolicLink()) chownSync(full, owner.uid, owner.gid);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readLog(root: string, port: number): string {
  const file = path.join(root, `log-${port}`);
  return existsSync(file) ? `\n${readFileSync(file, 'utf8')}` : '';
}
