/**
 * Brings the vector store up to date with one file of records: only records the store lacks,
 * or holds with another text, go through the model; they are then written in one transaction.
 * Shared by `embed --store` and `score --store`.
 */
import { createHash } from 'node:crypto';
import { embedSets, type EmbeddingSettings } from '../embed/embed-sets.js';
import { resolveDim } from '../embed/dimension.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { silentReporter } from '../reporter.js';
import type { ItemKind, NewItem, VectorStore } from '../store/vector-store.js';

export interface SyncRequest {
  kind: ItemKind;
  /** Progress label, e.g. "candidates". */
  label: string;
  ids: readonly string[];
  texts: readonly string[];
  /** Recorded per row (source_file), as given on the command line. */
  sourceFile: string;
  modelId: number;
}

export interface SyncResult {
  /** Records in the request. */
  records: number;
  /** Already stored with the same text: not embedded, not written. */
  unchanged: number;
  /** Went through the model (new or changed text). */
  embedded: number;
  /** Rows the write inserted or changed (fewer than `embedded` when a concurrent writer was first). */
  written: number;
  /** Records whose text was cut to max_seq_length (from the store for unchanged ones). */
  truncated: number;
}

/** sha256 of the exact text after templating: a row is reused only for the same bytes. */
export function textHash(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * @example
 * const result = await syncIntoStore(store, model, { kind: 'candidate', label: 'candidates', ids, texts, sourceFile, modelId }, { dim: 384, batchSize: 50, reporter });
 * result.embedded; // 0 on a second run over the same file
 */
export async function syncIntoStore(store: VectorStore, model: ModelDirectory, request: SyncRequest, embedding: EmbeddingSettings & { dim: number }): Promise<SyncResult> {
  const hashes = request.texts.map(textHash);
  const stored = await store.stored(request.kind, request.modelId, request.ids);
  const missing: number[] = [];
  let truncated = 0;
  request.ids.forEach((id, i) => {
    const row = stored.get(id);
    if (row !== undefined && row.textHash.equals(hashes[i]!)) truncated += row.truncated ? 1 : 0;
    else missing.push(i);
  });
  let written = 0;
  if (missing.length > 0) {
    const { sets } = await embedSets(model, [{ label: request.label, texts: missing.map((i) => request.texts[i]!) }], embedding);
    const set = sets[0]!;
    const dim = embedding.dim;
    const items: NewItem[] = missing.map((i, row) => ({
      id: request.ids[i]!,
      textHash: hashes[i]!,
      truncated: set.truncatedRows[row] === 1,
      vector: set.vectors.subarray(row * dim, (row + 1) * dim),
    }));
    truncated += set.truncated;
    written = await store.write(request.kind, request.modelId, request.sourceFile, items);
  }
  return { records: request.ids.length, unchanged: request.ids.length - missing.length, embedded: missing.length, written, truncated };
}

/**
 * The width this run's vectors will have (--dim, the model's default_dim, else native), known
 * before any inference so the store's width is checked first; only a model whose config.json
 * lacks hidden_size is probed.
 */
export async function runDimension(model: ModelDirectory, requested: number | undefined, threads: number | undefined): Promise<number> {
  if (model.hiddenSize !== undefined) return resolveDim(requested, model, model.hiddenSize);
  const { dim } = await embedSets(model, [], { dim: requested, batchSize: 1, threads, reporter: silentReporter });
  return dim;
}

/** `962 candidates: 481 unchanged, 481 embedded, 481 written` */
export function describeSync(label: string, result: SyncResult): string {
  return `${result.records} ${label}: ${result.unchanged} unchanged, ${result.embedded} embedded, ${result.written} written`;
}
