/** cache -> tokenize -> infer -> pool -> Matryoshka, for commands that embed whole files of texts. */
import { ModelCache } from '../cache/model-cache.js';
import { embedWithCache } from './cached-embed.js';
import { resolveDim } from './dimension.js';
import { Embedder } from './embedder.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { truncateDims } from '../pool/pooling.js';
import type { Reporter } from '../reporter.js';

export interface EmbeddingSettings {
  dim?: number;
  batchSize: number;
  threads?: number;
  reporter: Reporter;
  /**
   * The embedding cache file (see docs/cache.md). Undefined: no cache, no file touched; the
   * CLI passes the default location unless --no-cache.
   */
  cache?: string;
}

export interface EmbeddedSet {
  vectors: Float32Array;
  count: number;
  dim: number;
  truncated: number;
  /** 1 where that text was cut to max_seq_length (the vector store keeps it per row). */
  truncatedRows: Uint8Array;
}

/**
 * Embeds each list of texts with one model, through the cache when `settings.cache` names one,
 * and truncates to the resolved dimension. The model is opened only if some text is not
 * cached. Labels name the progress bars ("candidates", "jobs").
 *
 * @example
 * const { dim, sets } = await embedSets(model, [{ label: 'jobs', texts }], { batchSize: 50, reporter, cache: defaultCachePath() });
 */
export async function embedSets(
  model: ModelDirectory,
  sets: ReadonlyArray<{ label: string; texts: readonly string[] }>,
  settings: EmbeddingSettings,
): Promise<{ dim: number; sets: EmbeddedSet[] }> {
  const cache = settings.cache === undefined ? undefined : await ModelCache.open(settings.cache, model, (m) => settings.reporter.notice(m));
  let embedder: Embedder | undefined;
  const openEmbedder = async (): Promise<Embedder> => (embedder ??= await Embedder.open(model, settings.threads === undefined ? {} : { threads: settings.threads }));
  try {
    // The native width is known before any inference only from config.json (or the cache); a
    // probe keeps models without hidden_size (or with a pooled output of another size) honest.
    const nativeDim = model.hiddenSize ?? cache?.knownDim() ?? (await (await openEmbedder()).embed(['dimension probe'])).dim;
    const dim = resolveDim(settings.dim, model, nativeDim, (m) => settings.reporter.notice(m));
    const out: EmbeddedSet[] = [];
    let fromCache = 0;
    let embedded = 0;
    for (const { label, texts } of sets) {
      const result = await embedWithCache(texts, {
        nativeDim,
        batchSize: settings.batchSize,
        embedder: openEmbedder,
        cache,
        progress: (total) => settings.reporter.progress(`embedding ${label}`, total),
      });
      fromCache += result.fromCache;
      embedded += result.embedded;
      const vectors = dim === result.dim || result.count === 0 ? result.vectors : truncateDims(result.vectors, result.count, result.dim, dim);
      out.push({ vectors, count: result.count, dim, truncated: result.truncated, truncatedRows: result.truncatedRows });
    }
    if (cache !== undefined) settings.reporter.notice(`cache: ${fromCache} of ${fromCache + embedded} distinct texts found in ${cache.file}, ${embedded} embedded`);
    return { dim, sets: out };
  } finally {
    await embedder?.dispose();
    cache?.close();
  }
}
