/**
 * `--model` as a directory or a Hub repo id: an existing directory always wins; otherwise an
 * `owner/name[@rev]` id is looked up in the cache and, when missing and not offline, pulled.
 */
import { stat } from 'node:fs/promises';
import type { Reporter } from '../reporter.js';
import { silentReporter } from '../reporter.js';
import { findCachedModel } from '../hub/cache-layout.js';
import { defaultConvert } from '../hub/default-converter.js';
import { hubSettings } from '../hub/hub-settings.js';
import { offlineError, pullModel, type ConvertFn } from '../hub/pull-model.js';
import { looksLikeRepoSpec, parseRepoSpec } from '../hub/repo-spec.js';

export interface ModelSourceOptions {
  /** Environment to read HF_* and cache variables from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Cache root, overriding RESUMATOR_CACHE_DIR / XDG_CACHE_HOME. */
  cacheDir?: string;
  /** Progress for an on-demand pull. */
  reporter?: Reporter;
  convert?: ConvertFn;
}

/**
 * Turns a `--model` value into a local directory path (which may not exist: the caller's
 * loader reports that). A cached complete snapshot is used as is, without asking the Hub
 * whether the branch moved; `resumator models pull` refreshes it.
 *
 * @example
 * await resolveModelSource('fixtures/models/tiny-bert'); // 'fixtures/models/tiny-bert'
 * await resolveModelSource('sentence-transformers/all-MiniLM-L6-v2'); // '~/.cache/resumator/hub/…/source'
 */
export async function resolveModelSource(spec: string, options: ModelSourceOptions = {}): Promise<string> {
  const isDir = (await stat(spec).catch(() => undefined))?.isDirectory() === true;
  if (isDir || !looksLikeRepoSpec(spec)) return spec;
  const repoSpec = parseRepoSpec(spec);
  const settings = hubSettings(options.env, options.cacheDir);
  const cached = await findCachedModel(settings.cacheDir, repoSpec);
  if (cached !== undefined) return cached.modelDir;
  if (settings.offline) throw offlineError(repoSpec, settings.cacheDir);
  const reporter = options.reporter ?? silentReporter;
  reporter.notice(`pulling ${repoSpec.repo}@${repoSpec.revision} from ${settings.endpoint} into ${settings.cacheDir}`);
  const pulled = await pullModel(repoSpec, { settings, reporter, convert: options.convert ?? defaultConvert });
  return pulled.modelDir;
}
