/**
 * `resumator models …`: get checkpoints running without Python. Each subcommand lives in its own
 * module and registers itself here.
 */
import type { Command } from 'commander';
import { registerModelsInfo } from './models-info-command.js';
import { registerModelsQuantize } from './models-quantize-command.js';

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('pull, convert, quantize and inspect models (Hugging Face checkpoints to ONNX, no Python)');
  // Subcommands register here, one line each: registerModelsConvert(models); …
  registerModelsQuantize(models);
  registerModelsInfo(models);
  for (const command of models.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
