/** `resumator store init|stats|drop`: set up, describe or remove a vector store (docs/scale.md). */
import { StoreConnection } from '../store/connection.js';
import { dropStore, initStore, storeStats, type StoreStats } from '../store/store-admin.js';
import type { StoreSettings } from '../store/store-settings.js';
import { renderStoreStats, renderStoreStatsJson } from '../report/store-stats.js';

export interface StoreAdminOptions {
  store: StoreSettings;
  write: (chunk: string) => void;
}

async function withConnection<T>(settings: StoreSettings, body: (conn: StoreConnection) => Promise<T>): Promise<T> {
  const conn = await StoreConnection.open(settings);
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

/** Installs pgvector in the database and creates the schema, and with `dim` the tables. */
export async function storeInitCommand(options: StoreAdminOptions & { dim?: number }): Promise<void> {
  await withConnection(options.store, async (conn) => {
    const layout = await initStore(conn, options.dim, options.store.type);
    options.write(
      layout === undefined
        ? `store ready at ${conn.where}: pgvector installed, schema created; the first embed or score --store creates the tables at its dimension\n`
        : `store ready at ${conn.where}: ${layout.type}(${layout.dim}) vectors\n`,
    );
  });
}

/** Prints (or writes as JSON) what the store holds; creates nothing. */
export async function storeStatsCommand(options: StoreAdminOptions & { format: 'table' | 'json' }): Promise<StoreStats> {
  return withConnection(options.store, async (conn) => {
    const stats = await storeStats(conn);
    options.write(options.format === 'json' ? renderStoreStatsJson(stats) : renderStoreStats(stats));
    return stats;
  });
}

/** Drops the store's tables (their vectors are gone; the next --store run starts afresh). */
export async function storeDropCommand(options: StoreAdminOptions): Promise<void> {
  await withConnection(options.store, async (conn) => {
    const dropped = await dropStore(conn);
    options.write(dropped === undefined ? `no store tables at ${conn.where}\n` : `dropped the store at ${conn.where}: ${dropped.candidates} candidate and ${dropped.jobs} job vectors\n`);
  });
}
