/**
 * `resumator embed FILE --kind candidate|job --store URL [--shard I/N]`: embeds the records
 * (of one shard) that the store lacks or holds with another text, and writes them in one
 * transaction. Running a shard again changes nothing; N runners with --shard 1/N .. N/N fill
 * the store with no coordination.
 */
import { UsageError } from '../errors.js';
import { formatShard } from '../input/shard.js';
import { modelIdentity } from '../embed/model-identity.js';
import { resolveModel } from '../sources/resolve-model.js';
import { openVectorStore } from '../store/vector-store.js';
import type { ColumnOverrides, InputFormat, RecordKind } from '../input/types.js';
import type { Shard } from '../input/shard.js';
import type { Reporter } from '../reporter.js';
import type { StoreSettings } from '../store/vector-store.js';
import { loadTexts } from './load-texts.js';
import { selectShard } from './shard-texts.js';
import { describeSync, runDimension, syncIntoStore, type SyncResult } from './store-sync.js';

/** What embedCommand passes on when --store is given (its own options, store set). */
export interface EmbedStoreOptions {
  file: string;
  kind: RecordKind;
  model: string | undefined;
  dim?: number;
  batchSize: number;
  threads?: number;
  cache?: string;
  output?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  columns?: ColumnOverrides;
  shard?: Shard;
  store: StoreSettings;
  reporter: Reporter;
}

/**
 * Embeds the file's (shard's) new or changed records into the store; the summary goes to the
 * reporter, nothing to stdout.
 */
export async function embedIntoStore(options: EmbedStoreOptions): Promise<SyncResult> {
  const settings = options.store;
  if (options.kind === 'text') throw new UsageError('--store keeps candidates and jobs: use --kind candidate or --kind job (or leave out --store for plain texts)');
  if (options.output !== undefined) throw new UsageError('--store writes the vectors into the store: leave out --output (or leave out --store to write a file)');
  const model = await resolveModel(options.model, { reporter: options.reporter });
  const loaded = await loadTexts(options.file, { kind: options.kind, blind: options.blind, format: options.inputFormat, columns: options.columns });
  const { ids, texts } = selectShard(loaded, options.shard);
  const dim = await runDimension(model, options.dim, options.threads);
  const identity = await modelIdentity(model, options.cache);
  const store = await openVectorStore(settings, (notice) => options.reporter.notice(`store: ${notice}`));
  try {
    await store.prepare(dim, settings.type);
    const modelId = await store.model(identity);
    const label = `${options.kind}s`;
    const result = await syncIntoStore(store, model, { kind: options.kind, label, ids, texts, sourceFile: options.file, modelId }, { ...options, dim });
    const shard = options.shard === undefined ? '' : ` (shard ${formatShard(options.shard)} of ${loaded.ids.length})`;
    options.reporter.notice(`store: ${describeSync(label, result)}${shard} into ${store.where}`);
    return result;
  } finally {
    await store.close();
  }
}
