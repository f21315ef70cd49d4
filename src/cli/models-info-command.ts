import { Command, Option } from 'commander';
import { MODELS_INFO_FORMATS, modelsInfoCommand, type ModelsInfoFormat } from '../commands/models-info.js';
import { writeStdout } from './io.js';
import { terminalReporter } from './terminal-reporter.js';

/** `resumator models info DIR|REPO`: flags to options; the work is modelsInfoCommand. */
export function registerModelsInfo(models: Command): void {
  models
    .command('info')
    .description('describe a model: architecture, parameters, dims, max_seq_length, pooling, inputs/outputs, quantization, files with sha256')
    .argument('<model>', 'model directory (or Hub repo id once pulled)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(MODELS_INFO_FORMATS).default('text'))
    .action(async (model: string, flags: { format: ModelsInfoFormat }) => {
      await modelsInfoCommand({ model, format: flags.format, reporter: terminalReporter({ quiet: false }), write: writeStdout });
    });
}
