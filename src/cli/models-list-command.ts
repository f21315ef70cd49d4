/** `resumator models list`: flags to options; the work is in src/commands/models-list.ts. */
import type { Command } from 'commander';
import { modelsListCommand } from '../commands/models-list.js';
import { writeStdout } from './io.js';
import { CACHE_DIR_HELP } from './models-pull-command.js';
import { terminalReporter } from './terminal-reporter.js';

interface ListFlags {
  cacheDir?: string;
  json: boolean;
}

export function registerModelsList(models: Command): void {
  models
    .command('list')
    .description('list the models in the cache: repo, revision and commit, size on disk, converted or published ONNX, complete or partial')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option('--json', 'one JSON object per snapshot, one per line', false)
    .action(async (flags: ListFlags) => {
      await modelsListCommand({ cacheDir: flags.cacheDir, json: flags.json, reporter: terminalReporter({ quiet: false }), write: writeStdout });
    });
}
