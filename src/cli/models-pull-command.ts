/** `resumator models pull REPO[@REVISION]`: flags to options; the work is in src/commands/models-pull.ts. */
import type { Command } from 'commander';
import { CACHE_ROOT_HELP } from '../cache-root.js';
import { modelsPullCommand } from '../commands/models-pull.js';
import { writeStdout } from './io.js';
import { terminalReporter } from './terminal-reporter.js';

interface PullFlags {
  cacheDir?: string;
  quiet: boolean;
}

export const CACHE_DIR_HELP = `model cache root (default: ${CACHE_ROOT_HELP})`;

export function registerModelsPull(models: Command): void {
  models
    .command('pull')
    .description('download a model from the Hugging Face Hub into the cache (only the files resumator needs), verify it, and convert it to ONNX when the repo has no ONNX export; prints the model directory')
    .argument('<repo>', 'OWNER/NAME or OWNER/NAME@REVISION (branch, tag or commit sha; default main)')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false)
    .action(async (repo: string, flags: PullFlags) => {
      await modelsPullCommand({ repo, cacheDir: flags.cacheDir, reporter: terminalReporter({ quiet: flags.quiet }), write: writeStdout });
    });
}
