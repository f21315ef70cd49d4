/** `resumator cache stats|clear`: inspect or empty the embedding cache (docs/cache.md). */
import type { Command } from 'commander';
import { clearCache, readCacheStats, type CacheStats } from '../cache/cache-admin.js';
import { cacheFile } from './shared-options.js';

interface CacheFlags {
  cache?: string;
}

const warn = (message: string): void => void process.stderr.write(`${message}\n`);

/** Adds `cache stats` and `cache clear`, each with its own --cache FILE. */
export function registerCache(program: Command): void {
  const cache = program.command('cache').description('inspect or empty the embedding cache (see docs/cache.md)');
  cache
    .command('stats')
    .description('where the cache is, its size, entries, models and hit rate')
    .option('--cache <file>', 'cache file (default: the one score and embed use)')
    .action((flags: CacheFlags) => {
      const file = cacheFile(flags) as string;
      const stats = readCacheStats(file, warn);
      process.stdout.write(stats === undefined ? `no embedding cache at ${file}\n` : renderStats(stats));
    });
  cache
    .command('clear')
    .description('delete every cached embedding')
    .option('--cache <file>', 'cache file (default: the one score and embed use)')
    .action((flags: CacheFlags) => {
      const file = cacheFile(flags) as string;
      process.stdout.write(`removed ${clearCache(file, warn)} embeddings from ${file}\n`);
    });
  for (const command of cache.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}

/**
 * @example
 * renderStats(stats);
 * // cache     /home/a/.cache/resumator/embeddings.sqlite
 * // size      1.2 MB
 * // entries   1815
 * // ...
 */
export function renderStats(stats: CacheStats): string {
  const lines = [
    `cache     ${stats.file}`,
    `size      ${formatBytes(stats.bytes)}`,
    `entries   ${stats.entries}`,
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

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
