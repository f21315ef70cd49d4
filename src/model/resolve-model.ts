import { ensureLiteModel, type EnsureLiteOptions } from '../lite/lite-cache.js';
import { parseLiteSpec } from '../lite/lite-spec.js';
import { DEFAULT_LITE_VARIANT } from '../lite/lite-variant.js';
import { loadModelDirectory, type ModelDirectory } from './model-dir.js';

/** Said once on stderr when no model was named and the lite model stands in. */
export const LITE_DEFAULT_NOTICE =
  'note: no --model given, using the offline lite model (word vectors, lower quality); for the real model run `resumator models pull shankerram3/resumator`';

/**
 * Turns `--model` (or RESUMATOR_MODEL, which commander maps onto it) into a loaded model
 * directory. `lite` / `lite:KEY=VALUE,...` name the offline lite model (built into the cache on
 * first use); nothing at all means `lite`, with a notice. Hub ids arrive with the models issue.
 */
export async function resolveModel(spec: string | undefined, options: EnsureLiteOptions = {}): Promise<ModelDirectory> {
  if (spec === undefined || spec.trim() === '') {
    options.notice?.(LITE_DEFAULT_NOTICE);
    return loadModelDirectory(await ensureLiteModel(DEFAULT_LITE_VARIANT, options));
  }
  const lite = parseLiteSpec(spec.trim());
  if (lite !== undefined) return loadModelDirectory(await ensureLiteModel(lite, options));
  return loadModelDirectory(spec);
}
