/**
 * Embeds a list of texts at the model's native width, doing inference only for texts that are
 * neither in the cache nor repeated earlier in the list. New vectors go to the cache batch by
 * batch, so an interrupted run keeps what it finished.
 */
import type { ModelCache } from '../cache/model-cache.js';
import type { ProgressHandle } from '../reporter.js';
import { ModelError } from '../errors.js';
import type { Embedder } from './embedder.js';

export interface NativeEmbeddings {
  /** Row-major [count x dim], unit rows, in input order. */
  vectors: Float32Array;
  count: number;
  dim: number;
  /** Texts cut to max_seq_length (counted per input text, cached or not). */
  truncated: number;
  /** 1 where that input text was cut to max_seq_length. */
  truncatedRows: Uint8Array;
  /** Distinct texts found in the cache. */
  fromCache: number;
  /** Distinct texts that went through the model. */
  embedded: number;
}

export interface CachedEmbedOptions {
  nativeDim: number;
  batchSize: number;
  /** Opens the model only when some text has to be embedded. */
  embedder: () => Promise<Embedder>;
  cache: ModelCache | undefined;
  /** A progress indicator over the texts that need inference. */
  progress: (total: number) => ProgressHandle;
}

/**
 * @example
 * const { vectors, fromCache } = await embedWithCache(texts, { nativeDim: 384, batchSize: 50, embedder, cache, progress });
 */
export async function embedWithCache(texts: readonly string[], options: CachedEmbedOptions): Promise<NativeEmbeddings> {
  const { nativeDim: dim, cache } = options;
  const uniqueIndex = new Map<string, number>();
  const unique: string[] = [];
  const slot = texts.map((t) => {
    let u = uniqueIndex.get(t);
    if (u === undefined) {
      u = unique.push(t) - 1;
      uniqueIndex.set(t, u);
    }
    return u;
  });
  const uniqueVectors = new Float32Array(unique.length * dim);
  const uniqueTruncated = new Uint8Array(unique.length);
  const keys = cache?.keys(unique) ?? [];
  const found = cache?.lookup(keys, dim) ?? [];
  const missing: number[] = [];
  for (let u = 0; u < unique.length; u++) {
    const hit = found[u];
    if (hit === undefined) {
      missing.push(u);
    } else {
      uniqueVectors.set(hit.vector, u * dim);
      uniqueTruncated[u] = hit.truncated ? 1 : 0;
    }
  }
  if (missing.length > 0) {
    const embedder = await options.embedder();
    const bar = options.progress(missing.length);
    try {
      await embedder.embed(
        missing.map((u) => unique[u] as string),
        {
          batchSize: options.batchSize,
          onProgress: (done) => bar.update(done),
          onBatch: (batch) => {
            if (batch.dim !== dim) {
              throw new ModelError(`the model outputs ${batch.dim}-dimensional embeddings but its config.json declares hidden_size ${dim}`, embedder.model.modelFile);
            }
            const entries = batch.rows.map((row, i) => {
              const u = missing[row] as number;
              const vector = batch.vectors.subarray(i * dim, (i + 1) * dim);
              const truncated = batch.truncated[i] === true;
              uniqueVectors.set(vector, u * dim);
              uniqueTruncated[u] = truncated ? 1 : 0;
              return { key: keys[u] as Buffer, vector, truncated };
            });
            cache?.store(dim, entries);
          },
        },
      );
    } finally {
      bar.stop();
    }
  }
  cache?.recordUse(unique.length - missing.length, missing.length);
  const vectors = new Float32Array(texts.length * dim);
  const truncatedRows = new Uint8Array(texts.length);
  let truncated = 0;
  slot.forEach((u, i) => {
    vectors.set(uniqueVectors.subarray(u * dim, (u + 1) * dim), i * dim);
    truncatedRows[i] = uniqueTruncated[u] as number;
    truncated += uniqueTruncated[u] as number;
  });
  return { vectors, count: texts.length, dim, truncated, truncatedRows, fromCache: unique.length - missing.length, embedded: missing.length };
}
