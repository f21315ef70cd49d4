/**
 * Opening the SQLite file behind the embedding cache: schema, WAL mode, busy timeout, and
 * recovery. The cache is an optimisation, so no failure here stops a run: a corrupt or
 * unreadable file is moved aside and replaced by a fresh one, and anything else (a locked
 * file, an unwritable directory, a database that is not ours) means one warning and a run
 * without the cache.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type CacheDatabase = Database.Database;

/** Bumped when the tables change shape; a newer file is left alone rather than rewritten. */
export const SCHEMA_VERSION = 2;
/** PRAGMA application_id 'RSMT': marks the file as a resumator cache. */
const APPLICATION_ID = 0x52534d54;
/** Long enough to wait out another process's write transaction (milliseconds, not seconds). */
export const BUSY_TIMEOUT_MS = 15_000;
const PAGE_SIZE = 16_384;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS models (
  model_key BLOB PRIMARY KEY,
  name TEXT NOT NULL,
  dim INTEGER NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0,
  misses INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS embeddings (
  key BLOB PRIMARY KEY,
  model_key BLOB NOT NULL,
  truncated INTEGER NOT NULL,
  vector BLOB NOT NULL,
  checksum BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS embeddings_model ON embeddings (model_key);
CREATE TABLE IF NOT EXISTS decisions (
  key BLOB PRIMARY KEY,
  model_key BLOB NOT NULL,
  result TEXT NOT NULL,
  checksum BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS file_hashes (
  path TEXT PRIMARY KEY,
  size TEXT NOT NULL,
  mtime_ns TEXT NOT NULL,
  ino TEXT NOT NULL,
  sha256 TEXT NOT NULL
);`;
const OUR_TABLES = ['models', 'embeddings', 'decisions', 'file_hashes'];

/**
 * SQLite result codes that mean the file is corrupt or cannot be read. Not SQLITE_BUSY/LOCKED
 * (another process is writing) nor SQLITE_READONLY (a cache shared read-only is still good):
 * moving such a file aside would throw away a healthy cache.
 */
const DAMAGED = ['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_PERM'];

/** True for errors that mean the file is corrupt or unreadable (not merely busy). */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && DAMAGED.some((c) => code === c || code.startsWith(`${c}_`));
}

class NotOurs extends Error {}

/**
 * Opens or creates the cache at `file`; undefined (after one `warn`) when no cache can be used.
 *
 * @example
 * const db = openCacheDatabase('/tmp/c/embeddings.sqlite', (m) => process.stderr.write(m + '\n'));
 */
export function openCacheDatabase(file: string, warn: (message: string) => void): CacheDatabase | undefined {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    warn(`warning: cannot create the embedding cache directory for ${file} (${describe(err)}); continuing without the cache (give --cache FILE in a writable place, set RESUMATOR_CACHE_DIR, or --no-cache)`);
    return undefined;
  }
  const inode = statSync(file, { throwIfNoEntry: false })?.ino;
  try {
    return initialise(file);
  } catch (err) {
    if (err instanceof NotOurs || !isDamage(err) || !isRegularFile(file)) {
      warn(`warning: the embedding cache ${file} cannot be used (${describe(err)}); continuing without the cache`);
      return undefined;
    }
    let aside: string | undefined;
    try {
      aside = moveAside(file, inode);
    } catch (moveErr) {
      warn(`warning: the embedding cache ${file} is unusable (${describe(err)}) and cannot be moved aside (${describe(moveErr)}); continuing without the cache`);
      return undefined;
    }
    try {
      const fresh = initialise(file);
      const where = aside === undefined ? 'another process replaced it' : `moved it to ${aside}`;
      warn(`warning: the embedding cache ${file} was unusable (${describe(err)}); ${where} and started a fresh cache`);
      return fresh;
    } catch (freshErr) {
      warn(`warning: the embedding cache ${file} was unusable (${describe(err)}), moved to ${aside ?? 'elsewhere'}, and a fresh one cannot be created (${describe(freshErr)}); continuing without the cache`);
      return undefined;
    }
  }
}

/**
 * Renames a damaged cache (and its WAL) to `<file>.corrupt-<time>` so it can be inspected, and
 * removes the shared-memory index, which would otherwise describe the old file's WAL.
 * `inode` guards against moving a fresh cache another process has just put in its place;
 * undefined means nothing was moved for that reason.
 */
export function moveAside(file: string, inode?: number): string | undefined {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const now = statSync(file, { throwIfNoEntry: false });
  if (now === undefined || (inode !== undefined && now.ino !== inode)) return undefined;
  renameSync(file, aside);
  try {
    renameSync(`${file}-wal`, `${aside}-wal`);
  } catch {
    // No WAL beside it: nothing to keep.
  }
  rmSync(`${file}-shm`, { force: true });
  return aside;
}

function initialise(file: string): CacheDatabase {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // The first statement reads the header: a garbage file fails here with SQLITE_NOTADB.
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID && appId !== 0) throw new NotOurs(`not a resumator cache (application_id ${appId})`);
    if (version > SCHEMA_VERSION) throw new NotOurs(`written by a newer resumator (cache schema ${version}, this one reads ${SCHEMA_VERSION})`);
    if (appId === 0) {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
      const foreign = tables.filter((t) => !OUR_TABLES.includes(t));
      if (foreign.length > 0) throw new NotOurs(`an SQLite database that is not a resumator cache (tables ${foreign.join(', ')})`);
    }
    // Rows of 1.5-3 KB fill 4 KB pages badly (a 768-dim row wastes a quarter of its page); the
    // page size can only be chosen before the first table exists and before WAL is on.
    if (version === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last transactions on power loss, never consistency.
    db.pragma('synchronous = NORMAL');
    // Only a new file needs the schema: a current one opens without taking the write lock.
    if (version < SCHEMA_VERSION) {
      db.transaction(() => {
        db.exec(SCHEMA);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function isRegularFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Message of an error without its stack: one line for a warning. */
export function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
