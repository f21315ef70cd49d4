/** `resumator cache stats|clear`: inspect or empty the embedding cache (docs/cache.md). */
import { clearCache, readCacheStats, type CacheStats } from '../cache/cache-admin.js';
import type { Reporter } from '../reporter.js';
import { renderCacheStats } from '../report/cache-stats.js';

export interface CacheAdminOptions {
  /** The cache file. */
  file: string;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** Prints where the cache is, its size, entries, models and hit rate; returns the figures. */
export async function cacheStatsCommand(options: CacheAdminOptions): Promise<CacheStats | undefined> {
  const stats = readCacheStats(options.file, (m) => options.reporter.notice(m));
  options.write(stats === undefined ? `no embedding cache at ${options.file}\n` : renderCacheStats(stats));
  return stats;
}

/** Deletes every cached embedding; returns how many were removed. */
export async function cacheClearCommand(options: CacheAdminOptions): Promise<number> {
  const removed = clearCache(options.file, (m) => options.reporter.notice(m));
  options.write(`removed ${removed} embeddings from ${options.file}\n`);
  return removed;
}
