import { Command, Option } from 'commander';
import { modelsQuantizeCommand } from '../commands/models-quantize.js';
import { MODELS_QUANTIZE_FORMATS, type ModelsQuantizeFormat } from '../report/models-quantize.js';
import { DEFAULT_AGREEMENT_FLOOR } from '../quantize/agreement.js';
import { DEFAULT_LM_FLOORS } from '../quantize/lm-agreement.js';
import { ACCURACY_LEVELS, DEFAULT_ACCURACY_LEVEL, QUANTIZE_ENCODINGS, QUANTIZE_TYPES, type AccuracyLevel, type QuantizeEncoding, type QuantizeType } from '../quantize/quantize-onnx.js';
import { writeStdout } from './io.js';
import { positiveInt, unitInterval } from './option-parsers.js';

interface QuantizeFlags {
  force: boolean;
  type: QuantizeType;
  encoding?: QuantizeEncoding;
  accuracyLevel?: string;
  embeddings: boolean;
  sample?: string;
  threads?: number;
  minCosine?: number;
  minTextCosine?: number;
  minTop1?: number;
  maxLabelDiff?: number;
  format: ModelsQuantizeFormat;
}

const { int8, int4 } = DEFAULT_LM_FLOORS;

/** `resumator models quantize DIR [OUT_DIR]`: flags to options; the work is modelsQuantizeCommand. */
export function registerModelsQuantize(models: Command): void {
  models
    .command('quantize')
    .description('write an int8 (dynamic quantization) or int4 (weight-only, MatMulNBits) copy of a model directory, encoder or causal LM, and print its size ratio and agreement with fp32; below the agreement floor nothing is written and the exit code is 1')
    .argument('<dir>', 'model directory with a float32 model.onnx')
    .argument('[out_dir]', 'output model directory (default: <dir>-int8 or <dir>-int4 beside it)')
    .option('--force', 'replace out_dir if it exists', false)
    .addOption(new Option('--type <type>', 'int8: int8 weights, activations quantized at run time; int4: 4-bit weights in blocks of 32 (com.microsoft MatMulNBits), about half the size of int8').choices(QUANTIZE_TYPES).default('int8'))
    .addOption(new Option('--encoding <encoding>', 'int8 only. contrib: com.microsoft DynamicQuantizeMatMul (onnxruntime); standard: standard ONNX ops only (default: contrib)').choices(QUANTIZE_ENCODINGS))
    .addOption(new Option('--accuracy-level <n>', `int4 only: MatMulNBits accuracy_level; 4 quantizes activations to int8 inside the kernel, 0 keeps them float32 (default: ${DEFAULT_ACCURACY_LEVEL})`).choices(ACCURACY_LEVELS.map(String)))
    .option('--no-embeddings', 'keep the embedding tables float32 (larger file, marginally closer to fp32)')
    .option('--sample <file>', 'texts (encoders) or prompts (causal LMs; a line may be a JSON string) to compare with fp32 on, one per line (default: built-in resume and job snippets, or screening prompts)')
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('--min-cosine <c>', `encoders: least mean cosine vs fp32 over the sample texts (default: ${DEFAULT_AGREEMENT_FLOOR.mean}); below it nothing is written, exit 1`, unitInterval)
    .option('--min-text-cosine <c>', `encoders: least cosine vs fp32 of any one sample text (default: ${DEFAULT_AGREEMENT_FLOOR.min})`, unitInterval)
    .option('--min-top1 <share>', `causal LMs: least share of prompt positions whose next-token argmax matches fp32 (default: ${int8.top1} for int8, ${int4.top1} for int4)`, unitInterval)
    .option('--max-label-diff <p>', `causal LMs: largest |P_fp32 - P_quantized| of SELECTED vs REJECTED on any prompt (default: ${int8.labelDiff} for int8, ${int4.labelDiff} for int4)`, unitInterval)
    .addOption(new Option('-f, --format <format>', 'report format').choices(MODELS_QUANTIZE_FORMATS).default('text'))
    .action(async (dir: string, outDir: string | undefined, flags: QuantizeFlags) => {
      await modelsQuantizeCommand({
        dir,
        ...(outDir === undefined ? {} : { outDir }),
        force: flags.force,
        type: flags.type,
        ...(flags.encoding === undefined ? {} : { encoding: flags.encoding }),
        ...(flags.accuracyLevel === undefined ? {} : { accuracyLevel: Number(flags.accuracyLevel) as AccuracyLevel }),
        embeddings: flags.embeddings,
        ...(flags.sample === undefined ? {} : { sample: flags.sample }),
        ...(flags.threads === undefined ? {} : { threads: flags.threads }),
        minCosine: flags.minCosine,
        minTextCosine: flags.minTextCosine,
        minTop1: flags.minTop1,
        maxLabelDiff: flags.maxLabelDiff,
        format: flags.format,
        write: writeStdout,
      });
    });
}
