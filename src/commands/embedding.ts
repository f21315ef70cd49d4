/** tokenize -> infer -> pool -> Matryoshka, for commands that embed whole files of texts. */
import { resolveDim } from '../embed/dimension.js';
import { Embedder } from '../embed/embedder.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { truncateDims } from '../pool/pooling.js';
import type { Reporter } from './reporter.js';

export interface EmbeddingSettings {
  dim?: number;
  batchSize: number;
  threads?: number;
  reporter: Reporter;
}

export interface EmbeddedSet {
  vectors: Float32Array;
  count: number;
  dim: number;
  truncated: number;
}

/**
 * Opens the model once and embeds each list of texts with it, truncating to the resolved
 * dimension. Labels name the progress bars ("candidates", "jobs").
 */
export async function embedSets(
  model: ModelDirectory,
  sets: ReadonlyArray<{ label: string; texts: readonly string[] }>,
  settings: EmbeddingSettings,
): Promise<{ dim: number; sets: EmbeddedSet[] }> {
  const embedder = await Embedder.open(model, settings.threads === undefined ? {} : { threads: settings.threads });
  try {
    // The native width is known before any inference only from config.json; a probe keeps
    // models without hidden_size (or with a pooled output of another size) honest.
    const nativeDim = model.hiddenSize ?? (await embedder.embed(['dimension probe'])).dim;
    const dim = resolveDim(settings.dim, model, nativeDim);
    const out: EmbeddedSet[] = [];
    for (const { label, texts } of sets) {
      const bar = settings.reporter.progress(`embedding ${label}`, texts.length);
      try {
        const result = await embedder.embed(texts, { batchSize: settings.batchSize, onProgress: (done) => bar.update(done) });
        const vectors = dim === result.dim || result.count === 0 ? result.vectors : truncateDims(result.vectors, result.count, result.dim, dim);
        out.push({ vectors, count: result.count, dim, truncated: result.truncated });
      } finally {
        bar.stop();
      }
    }
    return { dim, sets: out };
  } finally {
    await embedder.dispose();
  }
}
