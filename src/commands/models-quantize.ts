/**
 * `resumator models quantize DIR [OUT_DIR]`: writes an int8 copy of a model directory and
 * reports how much smaller it is and how closely its embeddings follow the float32 ones. The
 * copy is only written when that agreement reaches the floor: a model that onnxruntime computes
 * wrongly on this CPU is a failed gate (exit 1), never a silently bad output.
 */
import { GateError, UsageError } from '../errors.js';
import { loadModelDirectory } from '../model/model-dir.js';
import { DEFAULT_AGREEMENT_FLOOR, enforceAgreementFloor, type Agreement } from '../quantize/agreement.js';
import { defaultQuantizedDir, quantizeModelDirectory, type QuantizeResult } from '../quantize/quantize-model-dir.js';
import type { QuantizeEncoding } from '../quantize/quantize-onnx.js';
import { readSampleTexts, SAMPLE_TEXTS } from '../quantize/sample-texts.js';
import { renderModelsQuantize as render, type ModelsQuantizeFormat, type ModelsQuantizeReport } from '../report/models-quantize.js';

export interface ModelsQuantizeOptions {
  dir: string;
  /** Default: DIR-int8 beside DIR. */
  outDir?: string;
  force?: boolean;
  encoding?: QuantizeEncoding;
  /** Keep embedding tables float32 (larger file, slightly closer to fp32). */
  embeddings?: boolean;
  /** File of sample texts, one per line; default: the built-in SAMPLE_TEXTS. */
  sample?: string;
  threads?: number;
  /** Least mean cosine int8 vs fp32 over the sample texts; default DEFAULT_AGREEMENT_FLOOR.mean. */
  minCosine?: number;
  /** Least cosine of any one sample text; default DEFAULT_AGREEMENT_FLOOR.min. */
  minTextCosine?: number;
  format: ModelsQuantizeFormat;
  write: (chunk: string) => void;
}

/**
 * Quantizes into a hidden temporary directory, embeds the sample texts with both models, and
 * moves the int8 directory into place only when the agreement reaches the floor. The report is
 * printed either way.
 *
 * @throws GateError (exit 1) when the agreement is below the floor: nothing is written and an
 *   existing OUT_DIR (with force) stays as it was.
 * @example
 * await modelsQuantizeCommand({ dir: 'fixtures/models/tiny-bert', format: 'text', write: (s) => process.stdout.write(s) });
 */
export async function modelsQuantizeCommand(options: ModelsQuantizeOptions): Promise<ModelsQuantizeReport> {
  const floor = { mean: checkFloor(options.minCosine ?? DEFAULT_AGREEMENT_FLOOR.mean, '--min-cosine'), min: checkFloor(options.minTextCosine ?? DEFAULT_AGREEMENT_FLOOR.min, '--min-text-cosine') };
  // Read the samples first: a bad --sample path fails before any file is written.
  const texts = options.sample === undefined ? [...SAMPLE_TEXTS] : await readSampleTexts(options.sample);
  const outDir = options.outDir ?? defaultQuantizedDir(options.dir);
  const reference = await loadModelDirectory(options.dir);
  let staged: QuantizeResult | undefined;
  let agreement: Agreement | undefined;
  try {
    const result = await quantizeModelDirectory(options.dir, outDir, {
      force: options.force === true,
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      ...(options.embeddings === undefined ? {} : { embeddings: options.embeddings }),
      beforeCommit: async (stagedDir, planned) => {
        staged = planned;
        await enforceAgreementFloor(reference, stagedDir, texts, floor, {
          ...(options.threads === undefined ? {} : { threads: options.threads }),
          target: `'${outDir}'`,
          onMeasured: (measured) => (agreement = measured),
        });
      },
    });
    const report = { result, agreement: agreement as Agreement, floor, passed: true };
    options.write(render(report, options.format));
    return report;
  } catch (err) {
    if (err instanceof GateError && staged !== undefined && agreement !== undefined) options.write(render({ result: staged, agreement, floor, passed: false }, options.format));
    throw err;
  }
}

function checkFloor(value: number, flag: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`${flag} must be between 0 and 1, got ${value}`);
  return value;
}
