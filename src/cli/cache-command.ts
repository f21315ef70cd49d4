/** `resumator cache stats|clear`: flags to options; the work is in src/commands/cache.ts. */
import type { Command } from 'commander';
import { cacheClearCommand, cacheStatsCommand } from '../commands/cache.js';
import { writeStdout } from './io.js';
import { cacheFile } from './shared-options.js';
import { terminalReporter } from './terminal-reporter.js';

interface CacheFlags {
  cache?: string;
}

/** Adds `cache stats` and `cache clear`, each with its own --cache FILE. */
export function registerCache(program: Command): void {
  const cache = program.command('cache').description('inspect or empty the embedding cache (see docs/cache.md)');
  const options = (flags: CacheFlags) => ({ file: cacheFile(flags) as string, reporter: terminalReporter({ quiet: false }), write: writeStdout });
  cache
    .command('stats')
    .description('where the cache is, its size, entries, models and hit rate')
    .option('--cache <file>', 'cache file (default: the one score and embed use)')
    .action(async (flags: CacheFlags) => {
      await cacheStatsCommand(options(flags));
    });
  cache
    .command('clear')
    .description('delete every cached embedding')
    .option('--cache <file>', 'cache file (default: the one score and embed use)')
    .action(async (flags: CacheFlags) => {
      await cacheClearCommand(options(flags));
    });
  for (const command of cache.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
