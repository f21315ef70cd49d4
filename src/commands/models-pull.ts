/** `resumator models pull REPO[@REVISION]`: fill the model cache from the Hugging Face Hub. */
import { defaultConvert } from '../hub/default-converter.js';
import { formatSize } from '../format-size.js';
import { hubSettings } from '../hub/hub-settings.js';
import { pullModel, type ConvertFn, type PullResult } from '../hub/pull-model.js';
import { parseRepoSpec } from '../hub/repo-spec.js';
import type { Reporter } from '../reporter.js';

export interface ModelsPullOptions {
  /** OWNER/NAME[@REVISION]. */
  repo: string;
  cacheDir?: string;
  reporter: Reporter;
  write: (chunk: string) => void;
  /** The checkpoint converter (tests inject one). */
  convert?: ConvertFn;
}

/** Pulls the repo, says what happened on stderr, and prints the model directory on stdout. */
export async function modelsPullCommand(options: ModelsPullOptions): Promise<PullResult> {
  const spec = parseRepoSpec(options.repo);
  const { reporter } = options;
  const result = await pullModel(spec, { settings: hubSettings(process.env, options.cacheDir), reporter, convert: options.convert ?? defaultConvert });
  const what = `${result.repo}@${result.revision} (commit ${result.sha.slice(0, 7)})`;
  reporter.notice(
    result.alreadyCached
      ? `${what} is already in the cache`
      : `pulled ${what}: ${result.downloaded} files, ${formatSize(result.received)} downloaded${result.record.converted ? ', converted to ONNX' : ''}`,
  );
  options.write(`${result.modelDir}\n`);
  return result;
}
