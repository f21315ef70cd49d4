import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultOutputDir, WEIGHT_DTYPES, type WeightDtype } from '../convert/convert-checkpoint.js';
import { modelsConvertCommand } from '../commands/models-convert.js';
import { DEFAULT_LM_FLOORS } from '../quantize/lm-agreement.js';
import { QUANTIZE_TYPES, type QuantizeType } from '../quantize/quantize-onnx.js';
import { writeStdout } from './io.js';
import { positiveInt, unitInterval } from './option-parsers.js';

interface ConvertFlags {
  dtype: WeightDtype;
  externalData: boolean;
  fusedOps: boolean;
  quantize?: QuantizeType;
  minCosine?: number;
  minTextCosine?: number;
  minTop1?: number;
  maxLabelDiff?: number;
  matryoshkaDims?: number[];
  name?: string;
  force: boolean;
  quiet: boolean;
}

export function registerModelsConvert(models: Command): void {
  models
    .command('convert')
    .description('convert a Hugging Face / sentence-transformers safetensors checkpoint into a model directory (ONNX)')
    .argument('<src-dir>', 'checkpoint directory: config.json, model.safetensors (or sharded + index), tokenizer.json')
    .argument('[out-dir]', 'model directory to create (default: <src-dir>-onnx beside the checkpoint)')
    .addOption(new Option('--dtype <dtype>', 'weight storage in model.onnx').choices(WEIGHT_DTYPES).default('f32'))
    .addOption(new Option('--quantize <type>', 'also quantize the weights: int8 (dynamic, about a quarter of the size) or int4 (MatMulNBits, about an eighth); see docs/models.md, Quantization').choices(QUANTIZE_TYPES))
    .option('--min-cosine <c>', 'with --quantize, encoders: least mean cosine vs fp32 on built-in sample texts, else nothing is written and the exit code is 1 (default: 0.99)', unitInterval)
    .option('--min-text-cosine <c>', 'with --quantize, encoders: least cosine vs fp32 of any one sample text (default: 0.98)', unitInterval)
    .option('--min-top1 <share>', `with --quantize, causal LMs: least share of next-token argmax matches with fp32 on built-in screening prompts (default: ${DEFAULT_LM_FLOORS.int8.top1} int8, ${DEFAULT_LM_FLOORS.int4.top1} int4)`, unitInterval)
    .option('--max-label-diff <p>', `with --quantize, causal LMs: largest SELECTED/REJECTED probability difference from fp32 (default: ${DEFAULT_LM_FLOORS.int8.labelDiff} int8, ${DEFAULT_LM_FLOORS.int4.labelDiff} int4)`, unitInterval)
    .option('--fused-ops', "onnxruntime's fused contrib operators instead of standard ONNX ones (same outputs; not faster on the benchmark machine)", false)
    .option('--external-data', 'store the weights in model.onnx_data (automatic above 1.8 GB)', false)
    .option('--matryoshka-dims <list>', 'Matryoshka dims to record, e.g. 768,384,256,128', dimList)
    .option('--name <name>', 'display name recorded in resumator.json (default: the checkpoint folder name)')
    .option('--force', 'replace out-dir if it exists', false)
    .option('-q, --quiet', 'print nothing on success', false)
    .action(async (srcDir: string, outDir: string | undefined, flags: ConvertFlags) => {
      await modelsConvertCommand({
        srcDir,
        outDir: outDir ?? defaultOutputDir(srcDir),
        dtype: flags.dtype,
        quantize: flags.quantize,
        minCosine: flags.minCosine,
        minTextCosine: flags.minTextCosine,
        minTop1: flags.minTop1,
        maxLabelDiff: flags.maxLabelDiff,
        externalData: flags.externalData,
        fusedOps: flags.fusedOps,
        matryoshkaDims: flags.matryoshkaDims,
        name: flags.name,
        force: flags.force,
        ...(flags.quiet ? {} : { write: writeStdout }),
      });
    });
}

function dimList(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  try {
    return parts.map((p) => positiveInt(p));
  } catch {
    throw new InvalidArgumentError('must be a comma-separated list of positive integers, e.g. 768,384,256,128.');
  }
}
