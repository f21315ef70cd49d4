import { findCachedModel } from '../hub/cache-layout.js';
import { hubSettings } from '../hub/hub-settings.js';
import { resolveModelSource, type ModelSourceOptions } from './hub-source.js';
import { parseRepoSpec } from '../hub/repo-spec.js';
import { ensureLiteModel, type EnsureLiteOptions } from '../lite/lite-cache.js';
import { parseLiteSpec } from '../lite/lite-spec.js';
import { DEFAULT_LITE_VARIANT } from '../lite/lite-variant.js';
import { loadModelDirectory, type ModelDirectory } from '../model/model-dir.js';

/** The real model a bare `resumator score` uses once it is in the cache (never pulled implicitly). */
export const DEFAULT_REAL_MODEL = 'shankerram3/resumator';

/**
 * Said once on stderr when no model was named and the lite model stands in; `flag` is the
 * option the command names its model with (`--retriever` for rerank).
 *
 * @example
 * liteDefaultNotice('--retriever'); // 'note: no --retriever given and shankerram3/resumator is not in the model cache, …'
 */
export function liteDefaultNotice(flag = '--model'): string {
  return `note: no ${flag} given and ${DEFAULT_REAL_MODEL} is not in the model cache, using the offline lite model (word vectors, lower quality); for the real model run \`resumator models pull ${DEFAULT_REAL_MODEL}\``;
}

/** The notice of `score` and `embed`, whose option is `--model`. */
export const LITE_DEFAULT_NOTICE = liteDefaultNotice();

export interface ResolveModelOptions extends ModelSourceOptions, EnsureLiteOptions {
  /** The option the model came from, named in the lite-default notice. Default `--model`. */
  flag?: string;
}

/**
 * Turns `--model` (or RESUMATOR_MODEL, which commander maps onto it) into a loaded model
 * directory: a directory path; a Hub repo id `owner/name[@rev]` resolved from the cache and
 * pulled on demand (docs/models.md, "Pulling from the Hub"); `lite` / `lite:KEY=VALUE,...`,
 * the offline word-vector model built into the cache on first use. Nothing at all means the
 * cached Resumator v2 when it has been pulled, else `lite` with a notice.
 *
 * Notices (the lite default, building lite, starting a pull) go to `notice`, else to
 * `reporter.notice`, so a command that passes its reporter says everything once on stderr.
 *
 * @example
 * const retriever = await resolveModel(flags.retriever, { reporter, flag: '--retriever' });
 */
export async function resolveModel(spec: string | undefined, options: ResolveModelOptions = {}): Promise<ModelDirectory> {
  const reporter = options.reporter;
  if (options.notice === undefined && reporter !== undefined) options = { ...options, notice: (message) => reporter.notice(message) };
  if (spec === undefined || spec.trim() === '') {
    const settings = hubSettings(options.env, options.cacheDir);
    const real = await findCachedModel(settings.cacheDir, parseRepoSpec(DEFAULT_REAL_MODEL));
    if (real !== undefined) return loadModelDirectory(real.modelDir);
    options.notice?.(liteDefaultNotice(options.flag));
    return loadModelDirectory(await ensureLiteModel(DEFAULT_LITE_VARIANT, options));
  }
  const lite = parseLiteSpec(spec.trim());
  if (lite !== undefined) return loadModelDirectory(await ensureLiteModel(lite, options));
  return loadModelDirectory(await resolveModelSource(spec, options));
}
