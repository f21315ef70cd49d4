/** `resumator embed`: records -> embeddings for pipelines that load vectors into a search engine. */
import { UsageError } from '../errors.js';
import type { ColumnOverrides, InputFormat, RecordKind } from '../input/types.js';
import type { Shard } from '../input/shard.js';
import type { StoreSettings } from '../store/vector-store.js';
import { resolveModel } from '../sources/resolve-model.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { checkOutputTargets } from '../output/output-targets.js';
import { encodeNpy } from '../output/npy.js';
import { writeOutput } from '../output/write-output.js';
import { embedSets } from '../embed/embed-sets.js';
import { loadTexts } from './load-texts.js';
import { embedIntoStore } from './embed-store.js';
import { selectShard } from './shard-texts.js';
import type { Reporter } from '../reporter.js';

export type EmbedFormat = 'jsonl' | 'npy';
export const EMBED_FORMATS: readonly EmbedFormat[] = ['jsonl', 'npy'];

export interface EmbedOptions {
  file: string;
  kind: RecordKind;
  model: string | undefined;
  dim?: number;
  batchSize: number;
  threads?: number;
  /** Embedding cache file; undefined embeds everything without one. */
  cache?: string;
  format: EmbedFormat;
  /** Required for npy; jsonl goes to `write` (stdout) without it. */
  output?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  columns?: ColumnOverrides;
  /** Only this shard's records (by a stable hash of the id), in input order. */
  shard?: Shard;
  /** Write into this vector store instead of a file (see embed-store.ts). */
  store?: StoreSettings;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/**
 * jsonl: one `{"id": ..., "embedding": [...]}` line per record, in input order.
 * npy: a float32 [records x dim] matrix, with the ids as a JSON array in `<name>.ids.json`.
 */
export async function embedCommand(options: EmbedOptions): Promise<void> {
  if (options.store !== undefined) {
    await embedIntoStore({ ...options, store: options.store });
    return;
  }
  if (options.format === 'npy' && (options.output === undefined || options.output === '-')) {
    throw new UsageError('--format npy writes a binary file: give --output FILE.npy (the ids go to FILE.ids.json)');
  }
  const npyIds = options.format === 'npy' && options.output !== undefined ? idsSidecar(options.output) : undefined;
  await checkOutputTargets(
    [
      { what: '--output', path: options.output },
      { what: 'the ids file beside --output', path: npyIds },
    ],
    [{ what: 'the input file', path: options.file }],
  );
  const model = await resolveModel(options.model, { reporter: options.reporter });
  const { ids, texts } = selectShard(await loadTexts(options.file, { kind: options.kind, blind: options.blind, format: options.inputFormat, columns: options.columns }), options.shard);
  const { dim, sets } = await embedSets(model, [{ label: options.kind === 'text' ? 'texts' : `${options.kind}s`, texts }], options);
  const { vectors } = sets[0] as (typeof sets)[0];
  if (options.format === 'npy') {
    const output = options.output as string;
    await writeFileAtomic(idsSidecar(output), JSON.stringify(ids) + '\n');
    await writeFileAtomic(output, encodeNpy(vectors, ids.length, dim));
    return;
  }
  const lines = ids.map((id, i) => {
    // 9 significant digits round-trip a float32 exactly, without float64 noise digits.
    const row = Array.from(vectors.subarray(i * dim, (i + 1) * dim), (v) => Number(v.toPrecision(9)));
    return JSON.stringify({ id, embedding: row });
  });
  await writeOutput(options.output, lines.join('\n') + (lines.length > 0 ? '\n' : ''), options.write);
}

/** vectors.npy -> vectors.ids.json */
export function idsSidecar(output: string): string {
  return output.replace(/\.npy$/i, '') + '.ids.json';
}
