/** The models table: one row per model configuration whose vectors the store holds. */
import type { StoreConnection } from './connection.js';
import type { StoreLayout } from './layout.js';
import { quoteIdent } from './store-url.js';

/** Which model wrote a vector: everything that decides it, as the embedding cache keys it. */
export interface ModelIdentity {
  /**
   * 32 bytes: sha256 of resumator's embedding pipeline version, the model fingerprint, pooling
   * and max_seq_length (src/cache/cache-key.ts modelCacheKey).
   */
  key: Buffer;
  /** sha256 (hex) over the model's ONNX and tokenizer files (src/cache/model-fingerprint.ts). */
  fingerprint: string;
  /** Display name (model directory or Hub id). */
  name: string;
}

/**
 * The model's id in the store, adding its row when absent. Concurrent first writers of one
 * model both end up with the same id (ON CONFLICT DO NOTHING, then read back).
 */
export async function storeModelId(conn: StoreConnection, layout: StoreLayout, model: ModelIdentity): Promise<number> {
  const table = `${quoteIdent(layout.schema)}.models`;
  await conn.query(
    `INSERT INTO ${table} (model_key, fingerprint, name, dim) VALUES ($1, $2, $3, $4) ON CONFLICT (model_key) DO NOTHING`,
    [model.key, model.fingerprint, model.name, layout.dim],
    'registering the model',
  );
  const row = (await conn.query<{ id: number }>(`SELECT id FROM ${table} WHERE model_key = $1`, [model.key], 'registering the model')).rows[0];
  if (row === undefined) throw new Error('model row vanished after insert');
  return row.id;
}

/** The model's id when the store has it, without adding it. */
export async function findModelId(conn: StoreConnection, layout: StoreLayout, key: Buffer): Promise<number | undefined> {
  return (await conn.query<{ id: number }>(`SELECT id FROM ${quoteIdent(layout.schema)}.models WHERE model_key = $1`, [key], 'looking up the model')).rows[0]?.id;
}
