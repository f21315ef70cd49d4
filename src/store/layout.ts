/**
 * The store's tables, in one schema (default `resumator`):
 *
 *   store_meta  one row: layout version, the vector width D and column type of this schema
 *   models      id, model_key (the embedding cache's model key: sha256 of pipeline version,
 *               model fingerprint, pooling, max_seq_length), fingerprint, name, dim
 *   candidates  (model_id, id) primary key, text_hash (sha256 of the exact templated text),
 *   jobs        source_file, truncated, embedding vector(D) or halfvec(D), updated_at
 *
 * One schema holds one D, because a pgvector column has one width: a store written at 384
 * dims cannot serve 768. Tables are created once, by whichever process needs them first,
 * under an advisory lock so concurrent shards do not race on CREATE.
 */
import { StoreError, extensionError } from './store-errors.js';
import type { StoreConnection } from './connection.js';
import { VECTOR_TYPES, type VectorType } from './store-settings.js';
import { quoteIdent } from './store-url.js';

export { VECTOR_TYPES, type VectorType };

export type ItemKind = 'candidate' | 'job';
export const ITEM_TABLES: Readonly<Record<ItemKind, string>> = { candidate: 'candidates', job: 'jobs' };

/** Raised when the tables change shape; older layouts are refused rather than misread. */
export const LAYOUT_VERSION = 1;

export interface StoreLayout {
  schema: string;
  dim: number;
  type: VectorType;
}

/** pgvector's widest column (HNSW indexes stop earlier: 2,000 dims for vector, 4,000 for halfvec). */
const MAX_DIM = 16_000;

/**
 * Makes sure pgvector is installed in the database (CREATE EXTENSION vector when absent) and
 * resolves its types and operators whatever schema it lives in. Returns its version.
 */
export async function useExtension(conn: StoreConnection): Promise<string> {
  const find = async (): Promise<{ schema: string; version: string } | undefined> =>
    (await conn.query<{ schema: string; version: string }>(
      `SELECT n.nspname AS schema, e.extversion AS version FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'`,
      [],
      'looking for the pgvector extension',
    )).rows[0];
  let found = await find();
  if (found === undefined) {
    const major = await conn.serverMajor();
    await conn.transaction('creating the pgvector extension', async () => {
      // Two first runs at once would otherwise race on the extension's catalog rows.
      await lock(conn, 'resumator:extension');
      await conn.query('CREATE EXTENSION IF NOT EXISTS vector', [], 'creating the pgvector extension', (err) => extensionError(err, conn.where, major));
    });
    found = await find();
    if (found === undefined) throw new StoreError(`the store ${conn.where}: CREATE EXTENSION vector succeeded but the extension is not visible`);
  }
  await conn.query(`SELECT set_config('search_path', $1, false)`, [quoteIdent(found.schema)], 'setting the search path');
  return found.version;
}

/** The layout of the connection's schema, or undefined when its tables do not exist yet. */
export async function readLayout(conn: StoreConnection): Promise<StoreLayout | undefined> {
  const s = quoteIdent(conn.schema);
  if (!(await relationExists(conn, 'store_meta'))) return undefined;
  const row = (await conn.query<{ dim: number; vector_type: VectorType; layout_version: number }>(`SELECT dim, vector_type, layout_version FROM ${s}.store_meta`, [], 'reading the store layout')).rows[0];
  if (row === undefined) return undefined;
  if (row.layout_version !== LAYOUT_VERSION) {
    throw new StoreError(`the store ${conn.where} has table layout ${row.layout_version}, this resumator reads ${LAYOUT_VERSION}: use another --store-schema, or resumator store drop and embed again`);
  }
  return { schema: conn.schema, dim: row.dim, type: row.vector_type };
}

/**
 * The layout for `dim`-wide vectors: the existing one when it matches, else a new one
 * (`type` decides the column type only then).
 *
 * @throws StoreError when the schema already holds vectors of another width.
 */
export async function prepareLayout(conn: StoreConnection, dim: number, type: VectorType | undefined): Promise<StoreLayout> {
  await useExtension(conn);
  const existing = await readLayout(conn);
  if (existing !== undefined) return checkLayout(conn, existing, dim, type);
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) throw new StoreError(`cannot store ${dim}-dimensional vectors (pgvector allows 1..${MAX_DIM})`);
  return conn.transaction('creating the store tables', async () => {
    await lock(conn, `resumator:layout:${conn.schema}`);
    const raced = await readLayout(conn);
    if (raced !== undefined) return checkLayout(conn, raced, dim, type);
    const layout: StoreLayout = { schema: conn.schema, dim, type: type ?? 'vector' };
    for (const statement of createStatements(layout)) await conn.query(statement, [], 'creating the store tables');
    return layout;
  });
}

/** Creates the schema only (store init without --dim): the first write sets the width. */
export async function prepareSchema(conn: StoreConnection): Promise<void> {
  await useExtension(conn);
  await conn.transaction('creating the store schema', async () => {
    await lock(conn, `resumator:layout:${conn.schema}`);
    await conn.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(conn.schema)}`, [], 'creating the store schema');
  });
}

function checkLayout(conn: StoreConnection, layout: StoreLayout, dim: number, type: VectorType | undefined): StoreLayout {
  if (layout.dim !== dim) {
    throw new StoreError(
      `dimension mismatch: the store ${conn.where} holds ${layout.dim}-dimensional vectors and this run's are ${dim}-dimensional; ` +
        `pass --dim ${layout.dim} if the model has that Matryoshka dimension, use another --store-schema for ${dim} dims, or empty this one with resumator store drop`,
    );
  }
  if (type !== undefined && type !== layout.type) {
    throw new StoreError(`the store ${conn.where} keeps ${layout.type} columns; --store-type ${type} applies only when a store's tables are created (use another --store-schema)`);
  }
  return layout;
}

/** DDL of a fresh layout; item tables are alike, so candidates and jobs are read the same way. */
function createStatements(layout: StoreLayout): string[] {
  const s = quoteIdent(layout.schema);
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE ${s}.store_meta (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), layout_version integer NOT NULL, dim integer NOT NULL, vector_type text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE ${s}.models (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, model_key bytea NOT NULL UNIQUE, fingerprint text NOT NULL, name text NOT NULL, dim integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  ];
  for (const table of Object.values(ITEM_TABLES)) {
    statements.push(
      `CREATE TABLE ${s}.${table} (model_id integer NOT NULL REFERENCES ${s}.models (id) ON DELETE CASCADE, id text NOT NULL, text_hash bytea NOT NULL, source_file text NOT NULL, truncated boolean NOT NULL, embedding ${layout.type}(${layout.dim}) NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (model_id, id))`,
    );
    // Kept in the row, not TOASTed, whenever it fits a page: exact search reads every vector,
    // and an out-of-line vector costs a second lookup each (768 float32 dims are 3 KB, above
    // the 2 KB TOAST threshold).
    if (vectorBytes(layout) <= 6000) statements.push(`ALTER TABLE ${s}.${table} ALTER COLUMN embedding SET STORAGE PLAIN`);
  }
  statements.push(`INSERT INTO ${s}.store_meta (layout_version, dim, vector_type) VALUES (${LAYOUT_VERSION}, ${layout.dim}, '${layout.type}')`);
  return statements;
}

/** On-disk size of one stored vector: an 8-byte header, then 4 (vector) or 2 (halfvec) bytes a dim. */
export function vectorBytes(layout: Pick<StoreLayout, 'dim' | 'type'>): number {
  return 8 + layout.dim * (layout.type === 'halfvec' ? 2 : 4);
}

/**
 * Whether the schema has a table or index `name`. Read from pg_class with the statement's
 * snapshot: to_regclass answers from the session's catalog cache, which can still say "absent"
 * right after another session committed the CREATE that the advisory lock waited for.
 */
export async function relationExists(conn: StoreConnection, name: string): Promise<boolean> {
  const { rows } = await conn.query(
    'SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2',
    [conn.schema, name],
    'reading the store layout',
  );
  return rows.length > 0;
}

/** A transaction-scoped advisory lock on a name: released by COMMIT, ROLLBACK or a dropped session. */
export async function lock(conn: StoreConnection, name: string): Promise<void> {
  await conn.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name], 'taking the store lock');
}
