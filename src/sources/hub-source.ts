/**
 * A Hugging Face Hub repo `owner/name[@rev]`: found in the model cache, else pulled (and
 * converted when it publishes no ONNX graph). A cached complete snapshot is used as is, without
 * asking the Hub whether the branch moved; `resumator models pull` refreshes it.
 */
import { findCachedModel } from '../hub/cache-layout.js';
import { defaultConvert } from '../hub/default-converter.js';
import { hubSettings } from '../hub/hub-settings.js';
import { offlineError, pullModel } from '../hub/pull-model.js';
import { parseRepoSpec, type RepoSpec } from '../hub/repo-spec.js';
import type { ModelSource, SourceContext, SourceKind } from './model-source.js';

/** The cached snapshot of `repoSpec`, or undefined; never touches the network. */
export async function findCachedHubModel(repoSpec: RepoSpec, context: Pick<SourceContext, 'env' | 'cacheDir'>): Promise<string | undefined> {
  const settings = hubSettings(context.env, context.cacheDir);
  return (await findCachedModel(settings.cacheDir, repoSpec))?.modelDir;
}

/**
 * @example
 * await hubSource(parseRepoSpec('sentence-transformers/all-MiniLM-L6-v2')).locate(context); // '~/.cache/resumator/hub/…'
 */
export function hubSource(repoSpec: RepoSpec, spec = `${repoSpec.repo}@${repoSpec.revision}`): ModelSource {
  return {
    kind: 'hub',
    spec,
    async locate(context) {
      const settings = hubSettings(context.env, context.cacheDir);
      const cached = await findCachedModel(settings.cacheDir, repoSpec);
      if (cached !== undefined) return cached.modelDir;
      if (settings.offline) throw offlineError(repoSpec, settings.cacheDir);
      context.reporter.notice(`pulling ${repoSpec.repo}@${repoSpec.revision} from ${settings.endpoint} into ${settings.cacheDir}`);
      const pulled = await pullModel(repoSpec, { settings, reporter: context.reporter, convert: context.convert ?? defaultConvert });
      return pulled.modelDir;
    },
  };
}

/** Owns specs shaped like `owner/name[@rev]` that are not existing directories. */
export const HUB_KIND: SourceKind = {
  name: 'hub',
  syntax: 'OWNER/NAME[@REV] (a Hugging Face Hub repo, pulled on demand)',
  async parse(spec) {
    try {
      return hubSource(parseRepoSpec(spec), spec);
    } catch {
      return undefined;
    }
  },
};
