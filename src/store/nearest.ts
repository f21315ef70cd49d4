/**
 * Top K inside PostgreSQL: for one group (a job, or a candidate with --per candidate) the K
 * nearest items of the other kind by cosine distance, so N x M scores never leave the server
 * (nor are all computed, with an HNSW index).
 *
 * Exact:  ORDER BY embedding <=> (the group's vector), id LIMIT K, with index scans off, so an
 *         HNSW index (approximate) can never stand in for the exact scan; ties go by id.
 * HNSW:   the same ORDER BY served by a partial HNSW index per model (built on first use),
 *         hnsw.ef_search candidates per query; with a scope, pgvector's iterative scan keeps
 *         searching until K in-scope rows are found.
 */
import type { StoreConnection } from './connection.js';
import { copyTextColumn } from './copy-binary.js';
import { lock, relationExists, ITEM_TABLES, type ItemKind, type StoreLayout } from './layout.js';
import { itemTable } from './items.js';

export interface NearestOptions {
  /** The kind queried with (one statement per group); the other kind is ranked. */
  groupKind: ItemKind;
  k: number;
  /** Search the HNSW index instead of scanning every row. */
  ann: boolean;
  /** hnsw.ef_search: candidates kept per HNSW query (default: max(40, k)). */
  efSearch?: number;
  /**
   * Rank only these item ids (the run's) when the store holds more than them; undefined ranks
   * every item of the model.
   */
  scope?: readonly string[];
  /** Told when an index build starts (it can take minutes on millions of rows). */
  onIndexBuild?: (message: string) => void;
}

export interface Neighbour {
  id: string;
  /** Cosine similarity, 1 - cosine distance. */
  score: number;
}

export class NearestSearch {
  private indexScans: boolean | undefined;

  private constructor(
    private readonly conn: StoreConnection,
    /** [exact, HNSW] statements: exact breaks ties by id (which the index cannot order by). */
    private readonly statements: readonly [string, string],
    private readonly k: number,
    readonly efSearch: number | undefined,
    private readonly ann: boolean,
  ) {}

  /**
   * Prepares the session: the scope table, the HNSW index and its settings when `ann`.
   *
   * @example
   * const search = await NearestSearch.open(conn, layout, modelId, { groupKind: 'job', k: 10, ann: false });
   * await search.nearest('j001'); // [{ id: 'c001', score: 0.81 }, ...] best first
   */
  static async open(conn: StoreConnection, layout: StoreLayout, modelId: number, options: NearestOptions): Promise<NearestSearch> {
    const itemKind: ItemKind = options.groupKind === 'job' ? 'candidate' : 'job';
    const items = itemTable(layout, itemKind);
    const groups = itemTable(layout, options.groupKind);
    let scopeFilter = '';
    if (options.scope !== undefined) {
      await conn.query('CREATE TEMPORARY TABLE IF NOT EXISTS resumator_scope (id text PRIMARY KEY)', [], 'preparing the run scope');
      await conn.query('TRUNCATE resumator_scope', [], 'preparing the run scope');
      await conn.copyFrom('COPY resumator_scope (id) FROM STDIN (FORMAT binary)', copyTextColumn(options.scope), 'preparing the run scope');
      await conn.query('ANALYZE resumator_scope', [], 'preparing the run scope');
      scopeFilter = ' AND i.id IN (SELECT id FROM resumator_scope)';
    }
    // Past jit_above_cost (a few million rows) PostgreSQL would JIT-compile every one of these
    // statements; the work is in pgvector's C distance function, which JIT cannot speed up, so
    // the compile (tens of ms per statement) would only add to each group's query.
    await conn.query(`SELECT set_config('jit', 'off', false)`, [], 'configuring the search');
    let efSearch: number | undefined;
    if (options.ann) {
      await ensureHnswIndex(conn, layout, itemKind, modelId, options.onIndexBuild);
      efSearch = options.efSearch ?? Math.max(40, options.k);
      await conn.query(`SELECT set_config('hnsw.ef_search', $1, false)`, [String(efSearch)], 'configuring the HNSW search');
      if (options.scope !== undefined) await conn.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false)`, [], 'configuring the HNSW search');
    }
    // The model id is an integer from the store itself, inlined so the planner can match the
    // per-model partial HNSW index (a parameter would not prove its WHERE clause).
    const query = `(SELECT g.embedding FROM ${groups} g WHERE g.model_id = ${Number(modelId)} AND g.id = $1)`;
    const statement = (tieBreak: string): string =>
      `SELECT i.id, i.embedding <=> ${query} AS distance FROM ${items} i WHERE i.model_id = ${Number(modelId)}${scopeFilter} ` +
      `ORDER BY i.embedding <=> ${query}${tieBreak} LIMIT ${Math.floor(options.k)}`;
    return new NearestSearch(conn, [statement(', i.id'), statement('')], options.k, efSearch, options.ann);
  }

  /** The K nearest items of `groupId`, best first: HNSW when opened with `ann`, else exact. */
  nearest(groupId: string): Promise<Neighbour[]> {
    return this.run(groupId, this.ann);
  }

  /** The exact K nearest, whatever the mode (for recall checks of the HNSW results). */
  exact(groupId: string): Promise<Neighbour[]> {
    return this.run(groupId, false);
  }

  private async run(groupId: string, ann: boolean): Promise<Neighbour[]> {
    if (this.k === 0) return [];
    if (this.indexScans !== ann) {
      // Bitmap scans (the primary-key lookup of the group's vector) stay on either way.
      await this.conn.query(`SELECT set_config('enable_indexscan', $1, false)`, [ann ? 'on' : 'off'], 'configuring the search');
      this.indexScans = ann;
    }
    const { rows } = await this.conn.query<{ id: string; distance: number | null }>(this.statements[ann ? 1 : 0], [groupId], 'ranking inside the store');
    const out: Neighbour[] = [];
    for (const row of rows) {
      if (row.distance === null) throw new Error(`group ${groupId} has no vector in the store`);
      out.push({ id: row.id, score: 1 - row.distance });
    }
    // Relaxed-order iterative scans may return rows slightly out of order.
    return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The per-model partial HNSW index name, e.g. `candidates_hnsw_m3`. */
export function hnswIndexName(kind: ItemKind, modelId: number): string {
  return `${ITEM_TABLES[kind]}_hnsw_m${Number(modelId)}`;
}

/**
 * Builds the HNSW index (cosine ops, pgvector's defaults m 16, ef_construction 64) on the
 * model's rows unless it exists. Later writes keep it current (each insert updates the graph).
 */
export async function ensureHnswIndex(conn: StoreConnection, layout: StoreLayout, kind: ItemKind, modelId: number, onBuild?: (message: string) => void): Promise<void> {
  const name = hnswIndexName(kind, modelId);
  const exists = (): Promise<boolean> => relationExists(conn, name);
  if (await exists()) return;
  await conn.transaction('building the HNSW index', async () => {
    await lock(conn, `resumator:index:${layout.schema}:${name}`);
    if (await exists()) return;
    onBuild?.(`building the HNSW index ${name} (once; later runs and writes reuse it)`);
    await conn.query(
      `CREATE INDEX ${name} ON ${itemTable(layout, kind)} USING hnsw (embedding ${layout.type}_cosine_ops) WHERE model_id = ${Number(modelId)}`,
      [],
      'building the HNSW index',
    );
  });
}
