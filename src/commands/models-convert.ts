/** `resumator models convert`: checkpoint -> ONNX model directory, optionally int8- or int4-quantized. */
import { convertCheckpoint, type ConvertOptions } from '../convert/convert-checkpoint.js';
import { UsageError } from '../errors.js';
import { modelTask } from '../model/model-task.js';
import { enforceFloor, loadSamples, resolveFloor, type FloorFlags, type GateAgreement } from '../quantize/agreement-gate.js';
import { quantizeDirectoryInPlace, type QuantizeResult } from '../quantize/quantize-model-dir.js';
import type { QuantizeType } from '../quantize/quantize-onnx.js';
import { renderModelsConvert, type ModelsConvertReport } from '../report/models-convert.js';

export interface ModelsConvertOptions extends Omit<ConvertOptions, 'beforeCommit'>, FloorFlags {
  srcDir: string;
  outDir: string;
  /** Also quantize the converted weights (int8 dynamic or int4 weight-only), inside the same atomic write. */
  quantize?: QuantizeType;
  /** Prints what was written; undefined prints nothing (`-q`). */
  write?: (chunk: string) => void;
}

/**
 * Converts, and with `quantize` quantizes before the directory is moved into place, so a failed
 * quantization leaves no float32 directory behind either. The quantized model must reach the
 * same agreement floor as `models quantize` on the built-in samples (texts for encoders,
 * screening prompts for causal LMs).
 *
 * @throws GateError (exit 1) when the quantized model is below the agreement floor; nothing is written.
 * @example
 * await modelsConvertCommand({ srcDir: 'ckpt', outDir: 'ckpt-int4', quantize: 'int4' });
 */
export async function modelsConvertCommand(options: ModelsConvertOptions): Promise<ModelsConvertReport> {
  const { srcDir, outDir, quantize, minCosine, minTextCosine, minTop1, maxLabelDiff, write, ...convert } = options;
  const flags = { minCosine, minTextCosine, minTop1, maxLabelDiff };
  if (quantize !== undefined && (convert.dtype ?? 'f32') !== 'f32') throw new UsageError(`--quantize ${quantize} starts from float32 weights: drop --dtype f16`);
  // The fused graph's packed attention weights would stay float32, and it measured slower once quantized.
  if (quantize !== undefined && convert.fusedOps === true) throw new UsageError(`--quantize ${quantize} works on the standard-operator graph: drop --fused-ops`);
  if (quantize === undefined && Object.values(flags).some((v) => v !== undefined)) throw new UsageError('--min-cosine, --min-text-cosine, --min-top1 and --max-label-diff check a quantized model: add --quantize int8 or int4');
  let quantized: QuantizeResult | undefined;
  let agreement: GateAgreement | undefined;
  const result = await convertCheckpoint(srcDir, outDir, {
    ...convert,
    ...(quantize === undefined
      ? {}
      : {
          beforeCommit: async (staging: string): Promise<void> => {
            // staging still holds the float32 model while the quantized copy is checked against it.
            const task = await modelTask(staging);
            const gate = resolveFloor(task, quantize, flags);
            const samples = await loadSamples(task, undefined);
            quantized = await quantizeDirectoryInPlace(staging, {
              type: quantize,
              beforeCommit: async (quantizedDir) => {
                agreement = await enforceFloor(staging, quantizedDir, samples, gate, { type: quantize, target: `'${outDir}'` });
              },
            });
          },
        }),
  });
  const report = { result, quantized, agreement };
  write?.(renderModelsConvert(report));
  return report;
}
