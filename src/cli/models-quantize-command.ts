import { Command, Option } from 'commander';
import { modelsQuantizeCommand } from '../commands/models-quantize.js';
import { MODELS_QUANTIZE_FORMATS, type ModelsQuantizeFormat } from '../report/models-quantize.js';
import { DEFAULT_AGREEMENT_FLOOR } from '../quantize/agreement.js';
import { QUANTIZE_ENCODINGS, type QuantizeEncoding } from '../quantize/quantize-onnx.js';
import { writeStdout } from './io.js';
import { positiveInt, unitInterval } from './option-parsers.js';

interface QuantizeFlags {
  force: boolean;
  encoding: QuantizeEncoding;
  embeddings: boolean;
  sample?: string;
  threads?: number;
  minCosine: number;
  minTextCosine: number;
  format: ModelsQuantizeFormat;
}

/** `resumator models quantize DIR [OUT_DIR]`: flags to options; the work is modelsQuantizeCommand. */
export function registerModelsQuantize(models: Command): void {
  models
    .command('quantize')
    .description('write an int8 copy of a model directory (dynamic quantization: int8 weights, activations quantized at run time) and print its size ratio and cosine agreement with fp32; below the agreement floor nothing is written and the exit code is 1')
    .argument('<dir>', 'model directory with a float32 model.onnx')
    .argument('[out_dir]', 'output model directory (default: <dir>-int8 beside it)')
    .option('--force', 'replace out_dir if it exists', false)
    .addOption(new Option('--encoding <encoding>', 'contrib: com.microsoft DynamicQuantizeMatMul (onnxruntime); standard: standard ONNX ops only').choices(QUANTIZE_ENCODINGS).default('contrib'))
    .option('--no-embeddings', 'keep the embedding tables float32 (larger file, marginally closer to fp32)')
    .option('--sample <file>', 'texts to compare int8 with fp32 embeddings on, one per line (default: built-in resume and job snippets)')
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('--min-cosine <c>', 'least mean cosine int8 vs fp32 over the sample texts; below it nothing is written, exit 1', unitInterval, DEFAULT_AGREEMENT_FLOOR.mean)
    .option('--min-text-cosine <c>', 'least cosine int8 vs fp32 of any one sample text; below it nothing is written, exit 1', unitInterval, DEFAULT_AGREEMENT_FLOOR.min)
    .addOption(new Option('-f, --format <format>', 'report format').choices(MODELS_QUANTIZE_FORMATS).default('text'))
    .action(async (dir: string, outDir: string | undefined, flags: QuantizeFlags) => {
      await modelsQuantizeCommand({
        dir,
        ...(outDir === undefined ? {} : { outDir }),
        force: flags.force,
        encoding: flags.encoding,
        embeddings: flags.embeddings,
        ...(flags.sample === undefined ? {} : { sample: flags.sample }),
        ...(flags.threads === undefined ? {} : { threads: flags.threads }),
        minCosine: flags.minCosine,
        minTextCosine: flags.minTextCosine,
        format: flags.format,
        write: writeStdout,
      });
    });
}
