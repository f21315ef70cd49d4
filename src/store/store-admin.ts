/** `resumator store init|stats|drop`: create, describe and remove a store's tables. */
import type { StoreConnection } from './connection.js';
import { ITEM_TABLES, prepareLayout, prepareSchema, readLayout, relationExists, useExtension, type StoreLayout, type VectorType } from './layout.js';
import { quoteIdent } from './store-url.js';

export interface StoreModelStats {
  id: number;
  name: string;
  fingerprint: string;
  candidates: number;
  jobs: number;
  /** HNSW indexes built for this model (by `score --store --ann`). */
  indexes: string[];
}

export interface StoreStats {
  where: string;
  serverVersion: string;
  /** Undefined when the database has no pgvector extension (then there are no tables either). */
  pgvectorVersion: string | undefined;
  /** Undefined when the schema has no store tables yet. */
  layout: StoreLayout | undefined;
  models: StoreModelStats[];
  /** Bytes on disk: item tables with their TOAST and indexes, and all HNSW indexes together. */
  bytes: { candidates: number; jobs: number; hnsw: number; total: number };
}

/**
 * Installs pgvector and creates the schema; with `dim`, the tables too (else the first
 * `embed`/`score --store` creates them at its own width).
 */
export async function initStore(conn: StoreConnection, dim: number | undefined, type: VectorType | undefined): Promise<StoreLayout | undefined> {
  if (dim === undefined) {
    await prepareSchema(conn);
    return readLayout(conn);
  }
  return prepareLayout(conn, dim, type);
}

/** Reads what the store holds. Creates nothing. */
export async function storeStats(conn: StoreConnection): Promise<StoreStats> {
  const server = (await conn.query<{ v: string }>(`SELECT current_setting('server_version') AS v`, [], 'reading the server version')).rows[0]?.v ?? '?';
  const extension = (await conn.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`, [], 'looking for pgvector')).rows[0]?.v;
  const stats: StoreStats = { where: conn.where, serverVersion: server, pgvectorVersion: extension, layout: undefined, models: [], bytes: { candidates: 0, jobs: 0, hnsw: 0, total: 0 } };
  if (extension === undefined) return stats;
  await useExtension(conn);
  const layout = await readLayout(conn);
  if (layout === undefined) return stats;
  stats.layout = layout;
  const s = quoteIdent(conn.schema);
  const { rows } = await conn.query<{ id: number; name: string; fingerprint: string; candidates: string; jobs: string }>(
    `SELECT m.id, m.name, m.fingerprint, (SELECT count(*) FROM ${s}.candidates c WHERE c.model_id = m.id) AS candidates, (SELECT count(*) FROM ${s}.jobs j WHERE j.model_id = m.id) AS jobs FROM ${s}.models m ORDER BY m.id`,
    [],
    'counting the stored vectors',
  );
  const indexes = (await conn.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = $1 AND c.relkind = 'i' AND a.amname = 'hnsw' ORDER BY c.relname`,
    [conn.schema],
    'listing the HNSW indexes',
  )).rows;
  stats.models = rows.map((r) => ({
    id: r.id,
    name: r.name,
    fingerprint: r.fingerprint,
    candidates: Number(r.candidates),
    jobs: Number(r.jobs),
    indexes: indexes.filter((i) => i.name.endsWith(`_hnsw_m${r.id}`)).map((i) => i.name),
  }));
  const sizes = (await conn.query<{ candidates: string; jobs: string; total: string }>(
    `SELECT pg_total_relation_size('${s}.candidates') AS candidates, pg_total_relation_size('${s}.jobs') AS jobs, ` +
      `(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r') AS total`,
    [conn.schema],
    'measuring the store',
  )).rows[0];
  stats.bytes = {
    candidates: Number(sizes?.candidates ?? 0),
    jobs: Number(sizes?.jobs ?? 0),
    hnsw: indexes.reduce((n, i) => n + Number(i.bytes), 0),
    total: Number(sizes?.total ?? 0),
  };
  return stats;
}

/**
 * Drops resumator's tables, and the schema when nothing else is left in it (other objects in
 * it are kept). Returns how many vectors went, or undefined when there were no store tables.
 */
export async function dropStore(conn: StoreConnection): Promise<{ candidates: number; jobs: number } | undefined> {
  const s = quoteIdent(conn.schema);
  const has = (table: string): Promise<boolean> => relationExists(conn, table);
  const count = async (table: string): Promise<number> =>
    (await has(table)) ? Number((await conn.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.${table}`, [], 'counting the stored vectors')).rows[0]?.n ?? 0) : 0;
  return conn.transaction('dropping the store', async () => {
    const existed = await has('store_meta');
    const dropped = { candidates: await count(ITEM_TABLES.candidate), jobs: await count(ITEM_TABLES.job) };
    await conn.query(`DROP TABLE IF EXISTS ${s}.candidates, ${s}.jobs, ${s}.models, ${s}.store_meta`, [], 'dropping the store tables');
    const left = (await conn.query<{ n: string }>(`SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`, [conn.schema], 'dropping the store')).rows[0]?.n;
    if (Number(left ?? 0) === 0) await conn.query(`DROP SCHEMA IF EXISTS ${s}`, [], 'dropping the store schema');
    return existed ? dropped : undefined;
  });
}
