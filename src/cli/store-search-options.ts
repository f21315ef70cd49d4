/** `score --store` search flags: --ann, --ef-search, --ann-check. */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_ANN_CHECK, type StoreScoreSettings } from '../commands/score-store.js';
import { UsageError } from '../errors.js';
import { positiveInt } from './option-parsers.js';
import { storeSettings, type StoreFlags } from './store-options.js';

export interface StoreSearchFlags {
  ann: boolean;
  efSearch?: number;
  annCheck: number;
}

function nonNegativeInt(value: string): number {
  if (value.trim() === '0') return 0;
  try {
    return positiveInt(value);
  } catch {
    throw new InvalidArgumentError('must be a non-negative integer.');
  }
}

/** Declares --ann, --ef-search and --ann-check on `score`. */
export function addStoreSearchOptions(command: Command): Command {
  return command
    .option('--ann', 'with --store: top K from an HNSW index inside PostgreSQL (built on first use) instead of exact search; prints its recall against exact search', false)
    .option('--ef-search <n>', 'with --ann: HNSW candidates per query (hnsw.ef_search; default max(40, top)); higher is slower and closer to exact', positiveInt)
    .option('--ann-check <n>', 'with --ann: groups also searched exactly to measure the recall (0: none)', nonNegativeInt, DEFAULT_ANN_CHECK);
}

/** The store and search settings, or undefined without --store (then --ann is refused). */
export function storeScoreSettings(flags: StoreFlags & StoreSearchFlags): StoreScoreSettings | undefined {
  const settings = storeSettings(flags);
  if (settings === undefined) {
    if (flags.ann || flags.efSearch !== undefined) throw new UsageError('--ann and --ef-search search an HNSW index inside the vector store: give --store too');
    return undefined;
  }
  return { ...settings, ann: flags.ann, efSearch: flags.efSearch, annCheck: flags.annCheck };
}
