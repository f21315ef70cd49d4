/**
 * `resumator models …`: get checkpoints running without Python. Each subcommand lives in its own
 * module and registers itself here.
 */
import type { Command } from 'commander';
import { registerModelsConvert } from './models-convert-command.js';
import { registerModelsList } from './models-list-command.js';
import { registerModelsPull } from './models-pull-command.js';
import { registerModelsBuildLite } from './models-build-lite-command.js';
import { registerModelsInfo } from './models-info-command.js';
import { registerModelsQuantize } from './models-quantize-command.js';

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('pull, convert, quantize and inspect models (Hugging Face checkpoints to ONNX, no Python)');
  // Subcommands register here, one line each.
  registerModelsPull(models);
  registerModelsConvert(models);
  registerModelsList(models);
  registerModelsBuildLite(models);
  registerModelsQuantize(models);
  registerModelsInfo(models);
  for (const command of models.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
