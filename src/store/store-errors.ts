/**
 * PostgreSQL failures as messages a user can act on. Every message names the store by its
 * redacted address (never the password: see store-url.ts) and says what to do; the exit code
 * is 2 like every other input or configuration error.
 */
import { ResumatorError } from '../errors.js';

/** The vector store could not be reached, refused the login, or failed a statement. */
export class StoreError extends ResumatorError {
  constructor(
    message: string,
    /** The server's SQLSTATE when a statement failed (e.g. 23505), for callers that branch on it. */
    readonly sqlState?: string,
  ) {
    super(message);
  }
}

/** The fields of a node-postgres DatabaseError or a Node system error that matter here. */
interface PgFailure {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  path?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

/**
 * A failure while connecting to `where` (e.g. `postgres://ana@db:5432/hr`).
 *
 * @example
 * connectError(err, 'postgres://ana@127.0.0.1:1/hr').message
 * // 'cannot reach the store postgres://ana@127.0.0.1:1/hr (connect ECONNREFUSED 127.0.0.1:1): ...'
 */
export function connectError(err: unknown, where: string): StoreError {
  const e = (err ?? {}) as PgFailure;
  const message = e.message ?? String(err);
  if ((e.code !== undefined && UNREACHABLE.has(e.code)) || /timeout|terminated/i.test(message)) {
    return new StoreError(
      `cannot reach the store ${where} (${message}): check that PostgreSQL runs there and accepts TCP connections, and the host and port in --store or RESUMATOR_STORE (PGHOST and PGPORT fill what the URL leaves out)`,
    );
  }
  if (e.code === '28P01' || e.code === '28000') {
    return new StoreError(`the store ${where} refused the login (${message}): check the user and password (in the URL, PGPASSWORD or ~/.pgpass) and the server's pg_hba.conf`);
  }
  if (/client password must be a string|password.*required/i.test(message)) {
    return new StoreError(`the store ${where} asks for a password and none was given: put it in the URL (postgres://USER:PASSWORD@HOST/DB), PGPASSWORD or ~/.pgpass`);
  }
  if (e.code === '3D000') {
    return new StoreError(`the store ${where}: ${message}; create it (createdb) or name another database in the URL`);
  }
  if (/ssl|tls|certificate/i.test(message)) {
    return new StoreError(`the store ${where}: TLS failed (${message}); check sslmode, sslrootcert, sslcert and sslkey in the URL (node-postgres semantics: docs/scale.md)`);
  }
  if (e.code === 'ENOENT' || e.code === 'EACCES') {
    return new StoreError(`the store URL names a file that cannot be read (${message}): check its sslrootcert, sslcert and sslkey`);
  }
  return new StoreError(`cannot connect to the store ${where}: ${describePg(e, message)}`);
}

/**
 * A failed statement: `doing` says what resumator was doing ("writing 480 candidates").
 */
export function queryError(err: unknown, where: string, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = (err ?? {}) as PgFailure;
  const message = e.message ?? String(err);
  if (e.code === undefined && /terminated|ECONNRESET|closed/i.test(message)) {
    return new StoreError(`the store ${where} closed the connection while ${doing} (${message}); nothing of that step was committed, run the command again`);
  }
  if (e.code === '42501') {
    return new StoreError(`the store ${where} denied a privilege while ${doing} (${message}): the user needs CREATE on the database (first use) and read/write on the store's schema`);
  }
  return new StoreError(`the store ${where} failed while ${doing}: ${describePg(e, message)}`, e.code);
}

/**
 * CREATE EXTENSION vector failed: pgvector is not installed on the server (or may not be
 * created by this user). Says how to install it for the server's major version.
 */
export function extensionError(err: unknown, where: string, serverMajor: number | undefined): StoreError {
  const e = (err ?? {}) as PgFailure;
  const message = e.message ?? String(err);
  const major = serverMajor ?? 'NN';
  if (e.code === '42501') {
    return new StoreError(
      `the store ${where} has pgvector but this user may not create extensions (${message}): ask the database owner to run CREATE EXTENSION vector; in that database once`,
    );
  }
  const missing = e.code === '0A000' || e.code === '58P01' || /not available|could not open extension control file/i.test(message);
  if (!missing) return queryError(err, where, 'creating the pgvector extension (CREATE EXTENSION vector)');
  return new StoreError(
    `pgvector is not installed on the server of the store ${where} (CREATE EXTENSION vector: ${message}). ` +
      `Install it where PostgreSQL ${major} runs: Debian/Ubuntu apt install postgresql-${major}-pgvector (PGDG repository), RHEL dnf install pgvector_${major}, Homebrew brew install pgvector, ` +
      `the pgvector/pgvector container image, or from source (github.com/pgvector/pgvector: make && make install; this repository's .ci/setup-postgres.sh does that); then run the command again`,
  );
}

function describePg(e: PgFailure, message: string): string {
  const extra = [e.detail, e.hint].filter((s): s is string => s !== undefined && s !== '').join(' ');
  return `${message}${extra === '' ? '' : ` (${extra})`}${e.code !== undefined && /^[0-9A-Z]{5}$/.test(e.code) ? ` [SQLSTATE ${e.code}]` : ''}`;
}
