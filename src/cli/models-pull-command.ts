/** `resumator models pull REPO[@REVISION]`: fill the model cache from the Hugging Face Hub. */
import type { Command } from 'commander';
import { defaultConvert } from '../hub/default-converter.js';
import { formatSize } from '../format-size.js';
import { hubSettings } from '../hub/hub-settings.js';
import { pullModel, type ConvertFn } from '../hub/pull-model.js';
import { parseRepoSpec } from '../hub/repo-spec.js';
import { terminalReporter } from './terminal-reporter.js';

interface PullFlags {
  cacheDir?: string;
  quiet: boolean;
}

export const CACHE_DIR_HELP = 'model cache root (default: RESUMATOR_CACHE_DIR, else $XDG_CACHE_HOME/resumator, else ~/.cache/resumator)';

export function registerModelsPull(models: Command, convert: ConvertFn = defaultConvert): void {
  models
    .command('pull')
    .description('download a model from the Hugging Face Hub into the cache (only the files resumator needs), verify it, and convert it to ONNX when the repo has no ONNX export; prints the model directory')
    .argument('<repo>', 'OWNER/NAME or OWNER/NAME@REVISION (branch, tag or commit sha; default main)')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false)
    .action(async (repo: string, flags: PullFlags) => {
      const spec = parseRepoSpec(repo);
      const reporter = terminalReporter({ quiet: flags.quiet });
      const result = await pullModel(spec, { settings: hubSettings(process.env, flags.cacheDir), reporter, convert });
      const what = `${result.repo}@${result.revision} (commit ${result.sha.slice(0, 7)})`;
      reporter.notice(
        result.alreadyCached
          ? `${what} is already in the cache`
          : `pulled ${what}: ${result.downloaded} files, ${formatSize(result.received)} downloaded${result.record.converted ? ', converted to ONNX' : ''}`,
      );
      process.stdout.write(`${result.modelDir}\n`);
    });
}
