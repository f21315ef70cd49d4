import { findCachedModel } from '../hub/cache-layout.js';
import { hubSettings } from '../hub/hub-settings.js';
import { resolveModelSource, type ModelSourceOptions } from '../hub/resolve-hub-model.js';
import { parseRepoSpec } from '../hub/repo-spec.js';
import { ensureLiteModel, type EnsureLiteOptions } from '../lite/lite-cache.js';
import { parseLiteSpec } from '../lite/lite-spec.js';
import { DEFAULT_LITE_VARIANT } from '../lite/lite-variant.js';
import { loadModelDirectory, type ModelDirectory } from './model-dir.js';

/** The real model a bare `resumator score` uses once it is in the cache (never pulled implicitly). */
export const DEFAULT_REAL_MODEL = 'shankerram3/resumator';

/** Said once on stderr when no model was named and the lite model stands in. */
export const LITE_DEFAULT_NOTICE = `note: no --model given and ${DEFAULT_REAL_MODEL} is not in the model cache, using the offline lite model (word vectors, lower quality); for the real model run \`resumator models pull ${DEFAULT_REAL_MODEL}\``;

export type ResolveModelOptions = ModelSourceOptions & EnsureLiteOptions;

/**
 * Turns `--model` (or RESUMATOR_MODEL, which commander maps onto it) into a loaded model
 * directory: a directory path; a Hub repo id `owner/name[@rev]` resolved from the cache and
 * pulled on demand (docs/models.md, "Pulling from the Hub"); `lite` / `lite:KEY=VALUE,...`,
 * the offline word-vector model built into the cache on first use. Nothing at all means the
 * cached Resumator v2 when it has been pulled, else `lite` with a notice.
 */
export async function resolveModel(spec: string | undefined, options: ResolveModelOptions = {}): Promise<ModelDirectory> {
  if (spec === undefined || spec.trim() === '') {
    const settings = hubSettings(options.env, options.cacheDir);
    const real = await findCachedModel(settings.cacheDir, parseRepoSpec(DEFAULT_REAL_MODEL));
    if (real !== undefined) return loadModelDirectory(real.modelDir);
    options.notice?.(LITE_DEFAULT_NOTICE);
    return loadModelDirectory(await ensureLiteModel(DEFAULT_LITE_VARIANT, options));
  }
  const lite = parseLiteSpec(spec.trim());
  if (lite !== undefined) return loadModelDirectory(await ensureLiteModel(lite, options));
  return loadModelDirectory(await resolveModelSource(spec, options));
}
