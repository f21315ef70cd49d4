/**
 * What identifies a model's vectors outside this process (the vector store): its fingerprint
 * and the embedding cache's model key, so a store and the cache agree on "the same model".
 */
import { modelCacheKey } from '../cache/cache-key.js';
import { EmbeddingCache } from '../cache/embedding-cache.js';
import { modelFingerprint } from '../cache/model-fingerprint.js';
import type { ModelDirectory } from '../model/model-dir.js';

export interface ModelIdentityParts {
  /** 32 bytes: sha256(pipeline version, fingerprint, pooling, max_seq_length). */
  key: Buffer;
  /** sha256 (hex) over the model's ONNX and tokenizer files. */
  fingerprint: string;
  name: string;
}

/**
 * Fingerprints the model, reusing the file hashes the embedding cache remembers when a cache
 * file is given (a 400 MB model is then not read again). Cache problems are left for the
 * embedding step to report.
 *
 * @example
 * const { key, fingerprint } = await modelIdentity(model, defaultCachePath());
 */
export async function modelIdentity(model: ModelDirectory, cacheFile: string | undefined): Promise<ModelIdentityParts> {
  const cache = cacheFile === undefined ? undefined : EmbeddingCache.open(cacheFile, () => undefined);
  try {
    const fingerprint = await modelFingerprint(model, cache?.usable === true ? cache.hashMemo : undefined);
    return { key: modelCacheKey({ fingerprint, pooling: model.pooling, maxSeqLength: model.maxSeqLength }), fingerprint, name: model.name };
  } finally {
    cache?.close();
  }
}
