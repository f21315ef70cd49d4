/**
 * The one resolver commands call: a model spec (`--model`, `--retriever`, `--reranker`, or
 * nothing) -> a source -> a local directory -> a loaded model directory. New kinds of source
 * are one entry in SOURCE_KINDS.
 */
import type { ConvertFn } from '../hub/pull-model.js';
import { parseRepoSpec } from '../hub/repo-spec.js';
import { loadModelDirectory, type ModelDirectory } from '../model/model-dir.js';
import { silentReporter, type Reporter } from '../reporter.js';
import { directorySource, DIRECTORY_KIND } from './directory-source.js';
import { findCachedHubModel, HUB_KIND } from './hub-source.js';
import { liteSource, LITE_KIND } from './lite-source.js';
import type { ModelSource, SourceContext, SourceKind } from './model-source.js';

/** The real model a bare `resumator score` uses once it is in the cache (never pulled implicitly). */
export const DEFAULT_REAL_MODEL = 'shankerram3/resumator';

/**
 * Tried in order: the `lite` keyword, then an existing directory (which beats a look-alike repo
 * id), then a Hub repo id. A spec no kind owns is taken as a directory path, so the loader's
 * "model directory not found" names it.
 */
export const SOURCE_KINDS: readonly SourceKind[] = [LITE_KIND, DIRECTORY_KIND, HUB_KIND];

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

export interface ResolveModelOptions {
  /** Progress and notices (the lite default, building lite, starting a pull). */
  reporter?: Reporter;
  /** The option the model came from, named in the lite-default notice. Default `--model`. */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  /** Cache root overriding RESUMATOR_CACHE_DIR / XDG_CACHE_HOME. */
  cacheDir?: string;
  /** Converter for Hub repos without ONNX (tests inject one). */
  convert?: ConvertFn;
}

/**
 * The source a spec names. Nothing at all means the cached Resumator v2 when it has been
 * pulled, else `lite` with a notice.
 *
 * @example
 * (await parseModelSpec('fixtures/models/tiny-bert')).kind; // 'directory'
 * (await parseModelSpec('lite:vocab=50k')).kind; // 'lite'
 */
export async function parseModelSpec(spec: string | undefined, options: ResolveModelOptions = {}): Promise<ModelSource> {
  const trimmed = spec?.trim() ?? '';
  if (trimmed === '') {
    const context = sourceContext(options);
    const real = await findCachedHubModel(parseRepoSpec(DEFAULT_REAL_MODEL), context);
    if (real !== undefined) return directorySource(real);
    context.reporter.notice(liteDefaultNotice(options.flag));
    return liteSource();
  }
  for (const kind of SOURCE_KINDS) {
    const source = await kind.parse(trimmed);
    if (source !== undefined) return source;
  }
  return directorySource(trimmed);
}

/**
 * The local directory of the model a spec names, pulled or built first when needed; for loaders
 * other than the encoder's (e.g. a causal LM).
 */
export async function locateModel(spec: string | undefined, options: ResolveModelOptions = {}): Promise<string> {
  return (await parseModelSpec(spec, options)).locate(sourceContext(options));
}

/**
 * Turns a model spec into a loaded encoder model directory: a directory path; a Hub repo id
 * `owner/name[@rev]` resolved from the cache and pulled on demand (docs/models.md, "Pulling from
 * the Hub"); `lite` / `lite:KEY=VALUE,...`, the offline word-vector model built into the cache
 * on first use; nothing: the cached real model, else lite with a notice.
 *
 * @example
 * const retriever = await resolveModel(flags.retriever, { reporter, flag: '--retriever' });
 */
export async function resolveModel(spec: string | undefined, options: ResolveModelOptions = {}): Promise<ModelDirectory> {
  return loadModelDirectory(await locateModel(spec, options));
}

function sourceContext(options: ResolveModelOptions): SourceContext {
  return { env: options.env ?? process.env, cacheDir: options.cacheDir, reporter: options.reporter ?? silentReporter, convert: options.convert };
}
