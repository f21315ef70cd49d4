/** The text of `resumator cache stats`. */
import type { CacheStats } from '../cache/cache-admin.js';
import { formatSize } from '../format-size.js';

/**
 * @example
 * renderCacheStats(stats);
 * // cache     /home/a/.cache/resumator/embeddings.sqlite
 * // size      1.2 MiB
 * // entries   1815
 * // ...
 */
export function renderCacheStats(stats: CacheStats): string {
  const lines = [
    `cache     ${stats.file}`,
    `size      ${formatSize(stats.bytes)}`,
    `entries   ${stats.entries}`,
    `decisions ${stats.decisions}`,
    `models    ${stats.models.length}`,
    `hit rate  ${hitRate(stats.hits, stats.misses)}`,
  ];
  for (const m of stats.models) {
    lines.push(`  ${m.name} [${m.key}] dim ${m.dim}: ${m.entries} entries, hit rate ${hitRate(m.hits, m.misses)}`);
  }
  return lines.join('\n') + '\n';
}

/** Lookups are distinct texts per run: hits / (hits + misses). */
function hitRate(hits: number, misses: number): string {
  const total = hits + misses;
  return total === 0 ? 'n/a (no lookups yet)' : `${((100 * hits) / total).toFixed(1)}% (${hits} of ${total} lookups)`;
}
