/**
 * Screening results in the cache file (the `decisions` table beside the embeddings): the label
 * log-probabilities (and the generated reason) of one exact prompt under one model. A key covers
 * everything that decides the result: the model's files, the label tokens, the reason settings
 * and every token of the prompt, so a changed prompt, template, label or model never hits.
 */
import { createHash } from 'node:crypto';
import { describe } from './cache-database.js';
import { EmbeddingCache } from './embedding-cache.js';
import { modelFingerprint, type ModelFiles } from './model-fingerprint.js';

/** Bump when resumator changes how it turns a prompt into a result (scoring or generation code). */
export const SCREEN_PIPELINE_VERSION = 1;

export interface CachedScreenResult {
  /** log P(label | prompt) of the selected and the rejected label. */
  logProbs: [number, number];
  /** With --reasons: the generated reason and why generation stopped. */
  reason?: string;
  finish?: string;
}

export class DecisionCache {
  hits = 0;
  misses = 0;

  private constructor(
    private readonly cache: EmbeddingCache,
    private readonly modelKey: Buffer,
  ) {}

  /**
   * Opens the cache file for `model` under `settings` (label ids, reason settings: anything
   * beyond the prompt tokens that changes the result). Undefined, after one warning, when no
   * cache can be used.
   *
   * @example
   * const cache = await DecisionCache.open(defaultCachePath(), lm.model, JSON.stringify({ labels }), warn);
   */
  static async open(file: string, model: ModelFiles, settings: string, warn: (message: string) => void): Promise<DecisionCache | undefined> {
    const cache = EmbeddingCache.open(file, warn);
    if (!cache.usable) return undefined;
    try {
      const fingerprint = await modelFingerprint(model, cache.hashMemo);
      const modelKey = createHash('sha256').update(`resumator-screen-v${SCREEN_PIPELINE_VERSION}\0${fingerprint}\0${settings}`).digest();
      return new DecisionCache(cache, modelKey);
    } catch (err) {
      cache.close();
      warn(`warning: cannot fingerprint the model for the cache (${describe(err)}); continuing without it`);
      return undefined;
    }
  }

  get file(): string {
    return this.cache.file;
  }

  /** The key of one prompt: sha256 over the model key and the prompt's token ids. */
  key(tokens: readonly number[]): Buffer {
    return createHash('sha256').update(this.modelKey).update(Buffer.from(Int32Array.from(tokens).buffer)).digest();
  }

  /** The cached result of each key, undefined where absent or unreadable; counts hits and misses. */
  lookup(keys: readonly Buffer[]): Array<CachedScreenResult | undefined> {
    const found = this.cache.lookupResults(keys).map((text) => (text === undefined ? undefined : parse(text)));
    for (const f of found) f === undefined ? this.misses++ : this.hits++;
    return found;
  }

  store(entries: ReadonlyArray<{ key: Buffer; result: CachedScreenResult }>): void {
    this.cache.storeResults(this.modelKey, entries.map((e) => ({ key: e.key, result: JSON.stringify(e.result) })));
  }

  close(): void {
    this.cache.close();
  }
}

function parse(text: string): CachedScreenResult | undefined {
  try {
    const value = JSON.parse(text) as CachedScreenResult;
    return Array.isArray(value.logProbs) && value.logProbs.length === 2 && value.logProbs.every((n) => typeof n === 'number') ? value : undefined;
  } catch {
    return undefined;
  }
}
