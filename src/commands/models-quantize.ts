/**
 * `resumator models quantize DIR [OUT_DIR]`: writes an int8 or int4 copy of a model directory
 * and reports how much smaller it is and how closely it follows the float32 model: embeddings
 * for encoders, next-token predictions and SELECTED/REJECTED probabilities for causal LMs. The
 * copy is only written when that agreement reaches the floor: a model that onnxruntime computes
 * wrongly on this CPU is a failed gate (exit 1), never a silently bad output.
 */
import { GateError } from '../errors.js';
import { modelTask } from '../model/model-task.js';
import { enforceFloor, loadSamples, resolveFloor, type FloorFlags, type GateAgreement } from '../quantize/agreement-gate.js';
import { defaultQuantizedDir, quantizeModelDirectory, type QuantizeResult } from '../quantize/quantize-model-dir.js';
import type { AccuracyLevel, QuantizeEncoding, QuantizeType } from '../quantize/quantize-onnx.js';
import { renderModelsQuantize as render, type ModelsQuantizeFormat, type ModelsQuantizeReport } from '../report/models-quantize.js';

export interface ModelsQuantizeOptions extends FloorFlags {
  dir: string;
  /** Default: DIR-int8 (DIR-int4) beside DIR. */
  outDir?: string;
  force?: boolean;
  /** 'int8' (default): dynamic quantization; 'int4': weight-only MatMulNBits. */
  type?: QuantizeType;
  /** int8 only. */
  encoding?: QuantizeEncoding;
  /** int4 only: MatMulNBits accuracy_level (0 or 4). */
  accuracyLevel?: AccuracyLevel;
  /** Keep embedding tables float32 (larger file, slightly closer to fp32). */
  embeddings?: boolean;
  /** File of sample texts (encoders) or prompts (causal LMs), one per line; default: the built-in ones. */
  sample?: string;
  threads?: number;
  format: ModelsQuantizeFormat;
  write: (chunk: string) => void;
}

/**
 * Quantizes into a hidden temporary directory, runs the samples through both models, and moves
 * the quantized directory into place only when the agreement reaches the floor. The report is
 * printed either way.
 *
 * @throws GateError (exit 1) when the agreement is below the floor: nothing is written and an
 *   existing OUT_DIR (with force) stays as it was. UsageError for a floor flag of the other
 *   kind of model, or an option of the other type.
 * @example
 * await modelsQuantizeCommand({ dir: 'models/qwen2.5-0.5b', type: 'int4', format: 'text', write: (s) => process.stdout.write(s) });
 */
export async function modelsQuantizeCommand(options: ModelsQuantizeOptions): Promise<ModelsQuantizeReport> {
  const type = options.type ?? 'int8';
  const task = await modelTask(options.dir);
  const gate = resolveFloor(task, type, options);
  // Read the samples first: a bad --sample path fails before any file is written.
  const samples = await loadSamples(task, options.sample);
  const outDir = options.outDir ?? defaultQuantizedDir(options.dir, type);
  let staged: QuantizeResult | undefined;
  let measured: GateAgreement | undefined;
  try {
    const result = await quantizeModelDirectory(options.dir, outDir, {
      type,
      force: options.force === true,
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      ...(options.accuracyLevel === undefined ? {} : { accuracyLevel: options.accuracyLevel }),
      ...(options.embeddings === undefined ? {} : { embeddings: options.embeddings }),
      beforeCommit: async (stagedDir, planned) => {
        staged = planned;
        await enforceFloor(options.dir, stagedDir, samples, gate, {
          type,
          ...(options.threads === undefined ? {} : { threads: options.threads }),
          target: `'${outDir}'`,
          onMeasured: (agreement) => (measured = agreement),
        });
      },
    });
    const report = { result, gate, measured: measured as GateAgreement, passed: true };
    options.write(render(report, options.format));
    return report;
  } catch (err) {
    if (err instanceof GateError && staged !== undefined && measured !== undefined) options.write(render({ result: staged, gate, measured, passed: false }, options.format));
    throw err;
  }
}
