/** What `resumator cache stats|clear` reads and does, apart from printing. */
import { existsSync, statSync } from 'node:fs';
import { openCacheDatabase } from './cache-database.js';

export interface ModelCacheStats {
  /** The model's display name when its vectors were last stored. */
  name: string;
  /** First 12 hex digits of the model key. */
  key: string;
  dim: number;
  entries: number;
  hits: number;
  misses: number;
}

export interface CacheStats {
  file: string;
  /** Bytes of the database file plus its write-ahead log. */
  bytes: number;
  entries: number;
  /** Cached `screen` results. */
  decisions: number;
  hits: number;
  misses: number;
  models: ModelCacheStats[];
}

/**
 * Reads the cache's figures; undefined when there is no cache file (none is created) or it
 * cannot be opened (after `warn`).
 */
export function readCacheStats(file: string, warn: (message: string) => void): CacheStats | undefined {
  if (!existsSync(file)) return undefined;
  const db = openCacheDatabase(file, warn);
  if (db === undefined) return undefined;
  try {
    const models = db
      .prepare(
        `SELECT m.name AS name, lower(hex(substr(m.model_key, 1, 6))) AS key, m.dim AS dim, m.hits AS hits, m.misses AS misses,
                (SELECT count(*) FROM embeddings e WHERE e.model_key = m.model_key) AS entries
         FROM models m ORDER BY name, key`,
      )
      .all() as ModelCacheStats[];
    const entries = (db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n;
    const decisions = (db.prepare('SELECT count(*) AS n FROM decisions').get() as { n: number }).n;
    return {
      file,
      bytes: fileSize(file) + fileSize(`${file}-wal`),
      entries,
      decisions,
      hits: models.reduce((s, m) => s + m.hits, 0),
      misses: models.reduce((s, m) => s + m.misses, 0),
      models,
    };
  } finally {
    db.close();
  }
}

/**
 * Deletes every cached vector, screening decision, model record and remembered file hash, then
 * compacts the file.
 * Safe while other runs use the cache: they simply miss afterwards. Returns the vectors removed.
 */
export function clearCache(file: string, warn: (message: string) => void): number {
  if (!existsSync(file)) return 0;
  const db = openCacheDatabase(file, warn);
  if (db === undefined) return 0;
  try {
    const removed = db.transaction(() => {
      const n = db.prepare('DELETE FROM embeddings').run().changes;
      db.prepare('DELETE FROM decisions').run();
      db.prepare('DELETE FROM models').run();
      db.prepare('DELETE FROM file_hashes').run();
      return n;
    }).immediate();
    try {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Another run holds the file: the space is reused by later inserts instead.
    }
    return removed;
  } finally {
    db.close();
  }
}

function fileSize(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}
