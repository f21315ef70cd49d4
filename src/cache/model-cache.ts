/** The embedding cache seen through one model: its key, its known width, keys for texts. */
import type { ModelDirectory } from '../model/model-dir.js';
import { describe } from './cache-database.js';
import { modelCacheKey, textCacheKey } from './cache-key.js';
import { EmbeddingCache, type CachedVector, type NewEntry } from './embedding-cache.js';
import { modelFingerprint } from './model-fingerprint.js';

export class ModelCache {
  private constructor(
    private readonly cache: EmbeddingCache,
    private readonly model: ModelDirectory,
    readonly modelKey: Buffer,
  ) {}

  /**
   * Opens the cache file and fingerprints the model (hashing its files only when they changed
   * since the cache last saw them). Undefined, after one warning, when no cache can be used.
   *
   * @example
   * const cache = await ModelCache.open(defaultCachePath(), model, (m) => reporter.notice(m));
   */
  static async open(file: string, model: ModelDirectory, warn: (message: string) => void): Promise<ModelCache | undefined> {
    const cache = EmbeddingCache.open(file, warn);
    if (!cache.usable) return undefined;
    try {
      const fingerprint = await modelFingerprint(model, cache.hashMemo);
      return new ModelCache(cache, model, modelCacheKey({ fingerprint, pooling: model.pooling, maxSeqLength: model.maxSeqLength }));
    } catch (err) {
      cache.close();
      warn(`warning: cannot fingerprint the model for the embedding cache (${describe(err)}); continuing without the cache`);
      return undefined;
    }
  }

  get file(): string {
    return this.cache.file;
  }

  /** The native width of this model's cached vectors, when any were stored. */
  knownDim(): number | undefined {
    return this.cache.modelDim(this.modelKey);
  }

  /** The cache key of each text under this model. */
  keys(texts: readonly string[]): Buffer[] {
    return texts.map((t) => textCacheKey(this.modelKey, t));
  }

  /** Cached vectors of `dim` floats for `keys`, undefined where absent or damaged. */
  lookup(keys: readonly Buffer[], dim: number): Array<CachedVector | undefined> {
    return this.cache.lookup(this.modelKey, keys, dim);
  }

  /** Adds new native-width vectors (one transaction), recording the model's name and width. */
  store(dim: number, entries: readonly NewEntry[]): void {
    this.cache.store(this.modelKey, { name: this.model.name, dim }, entries);
  }

  /** Counts one run's lookups for the hit rate `resumator cache stats` shows. */
  recordUse(hits: number, misses: number): void {
    this.cache.recordUse(this.modelKey, hits, misses);
  }

  close(): void {
    this.cache.close();
  }
}
