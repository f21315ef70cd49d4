/** `resumator store init|stats|drop`: flags to options; the work is in src/commands/store.ts. */
import { Option, type Command } from 'commander';
import { storeDropCommand, storeInitCommand, storeStatsCommand } from '../commands/store.js';
import { writeStdout } from './io.js';
import { positiveInt } from './option-parsers.js';
import { addStoreOptions, requireStore, type StoreFlags } from './store-options.js';

export function registerStore(program: Command): void {
  const store = program.command('store').description('set up, describe or remove the PostgreSQL vector store of embed/score --store (see docs/scale.md)');
  addStoreOptions(
    store
      .command('init')
      .description('install pgvector in the database and create the store schema (with --dim, its tables too)')
      .option('--dim <n>', 'create the tables for n-dimensional vectors now (default: the first --store run decides)', positiveInt),
    { noStore: false, type: true },
  ).action(async (flags: StoreFlags & { dim?: number }) => {
    await storeInitCommand({ store: requireStore(flags), dim: flags.dim, write: writeStdout });
  });
  addStoreOptions(
    store
      .command('stats')
      .description('server and pgvector versions, vector width and type, models, row counts, sizes, HNSW indexes')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table')),
    { noStore: false, type: false },
  ).action(async (flags: StoreFlags & { format: 'table' | 'json' }) => {
    await storeStatsCommand({ store: requireStore(flags), format: flags.format, write: writeStdout });
  });
  addStoreOptions(store.command('drop').description("drop the store's tables and their vectors (the schema too when nothing else is in it)"), { noStore: false, type: false }).action(
    async (flags: StoreFlags) => {
      await storeDropCommand({ store: requireStore(flags), write: writeStdout });
    },
  );
  for (const command of store.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
