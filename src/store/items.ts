/**
 * Candidates and jobs in the store: which are there (and with which text), and writing new or
 * changed ones. A row is keyed by (model, id) and carries the sha256 of its exact text, so a
 * changed resume is re-embedded and overwritten while an unchanged one is never embedded
 * again; writing the same row twice changes nothing (idempotent shards).
 */
import type { StoreConnection } from './connection.js';
import { copyChunks, type StageRow } from './copy-binary.js';
import { ITEM_TABLES, type ItemKind, type StoreLayout } from './layout.js';
import { quoteIdent } from './store-url.js';

/** What the store knows of a stored item without reading its vector. */
export interface StoredItem {
  textHash: Buffer;
  truncated: boolean;
}

export interface NewItem {
  id: string;
  textHash: Buffer;
  truncated: boolean;
  /** `layout.dim` floats, unit length. */
  vector: Float32Array;
}

/** Ids per lookup statement: bounded statements, and progress for 2M-id corpora. */
const LOOKUP_CHUNK = 10_000;

/** `"schema".candidates` or `"schema".jobs`, quoted for SQL. */
export function itemTable(layout: StoreLayout, kind: ItemKind): string {
  return `${quoteIdent(layout.schema)}.${ITEM_TABLES[kind]}`;
}

/** The stored text hash and truncation flag of each of `ids` that the store holds. */
export async function storedItems(conn: StoreConnection, layout: StoreLayout, kind: ItemKind, modelId: number, ids: readonly string[]): Promise<Map<string, StoredItem>> {
  const found = new Map<string, StoredItem>();
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    const chunk = ids.slice(start, start + LOOKUP_CHUNK);
    const { rows } = await conn.query<{ id: string; text_hash: Buffer; truncated: boolean }>(
      `SELECT id, text_hash, truncated FROM ${itemTable(layout, kind)} WHERE model_id = $1 AND id = ANY($2::text[])`,
      [modelId, chunk],
      `looking up ${ITEM_TABLES[kind]}`,
    );
    for (const row of rows) found.set(row.id, { textHash: row.text_hash, truncated: row.truncated });
  }
  return found;
}

/**
 * Upserts `items` in ONE transaction: binary COPY into a temporary staging table, then one
 * INSERT … ON CONFLICT (model_id, id) DO UPDATE that only touches rows whose text changed.
 * Other sessions see all of it at COMMIT or none of it (an interrupted write leaves nothing).
 * Rows go in id order, so concurrent writers of overlapping rows take row locks in the same
 * order and wait for each other instead of deadlocking. Returns the rows inserted or changed.
 */
export async function writeItems(conn: StoreConnection, layout: StoreLayout, kind: ItemKind, modelId: number, sourceFile: string, items: readonly NewItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows: StageRow[] = sorted.map((item, ord) => ({ ord, ...item }));
  const doing = `writing ${items.length} ${ITEM_TABLES[kind]}`;
  return conn.transaction(doing, async () => {
    await conn.query(
      `CREATE TEMPORARY TABLE resumator_stage (ord integer NOT NULL, id text NOT NULL, text_hash bytea NOT NULL, truncated boolean NOT NULL, embedding vector(${layout.dim}) NOT NULL) ON COMMIT DROP`,
      [],
      doing,
    );
    await conn.copyFrom('COPY resumator_stage (ord, id, text_hash, truncated, embedding) FROM STDIN (FORMAT binary)', copyChunks(rows, layout.dim), doing);
    // halfvec columns are filled from float32 staging: pgvector rounds each value on the cast.
    const embedding = layout.type === 'halfvec' ? `embedding::halfvec(${layout.dim})` : 'embedding';
    const result = await conn.query(
      `INSERT INTO ${itemTable(layout, kind)} AS t (model_id, id, text_hash, source_file, truncated, embedding) ` +
        `SELECT $1, id, text_hash, $2, truncated, ${embedding} FROM resumator_stage ORDER BY ord ` +
        `ON CONFLICT (model_id, id) DO UPDATE SET text_hash = excluded.text_hash, source_file = excluded.source_file, truncated = excluded.truncated, embedding = excluded.embedding, updated_at = now() ` +
        `WHERE t.text_hash IS DISTINCT FROM excluded.text_hash`,
      [modelId, sourceFile],
      doing,
    );
    return result.rowCount ?? 0;
  });
}

/** How many `kind` rows the store holds for the model, and how many of their texts were truncated. */
export async function countItems(conn: StoreConnection, layout: StoreLayout, kind: ItemKind, modelId: number): Promise<{ rows: number; truncated: number }> {
  const { rows } = await conn.query<{ n: string; t: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE truncated) AS t FROM ${itemTable(layout, kind)} WHERE model_id = $1`,
    [modelId],
    `counting ${ITEM_TABLES[kind]}`,
  );
  return { rows: Number(rows[0]?.n ?? 0), truncated: Number(rows[0]?.t ?? 0) };
}
