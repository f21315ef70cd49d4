/** `resumator models convert`: checkpoint -> ONNX model directory, optionally int8-quantized. */
import { convertCheckpoint, type ConvertOptions, type ConvertResult } from '../convert/convert-checkpoint.js';
import { UsageError } from '../errors.js';
import { loadModelDirectory } from '../model/model-dir.js';
import { DEFAULT_AGREEMENT_FLOOR, enforceAgreementFloor, type Agreement } from '../quantize/agreement.js';
import { quantizeDirectoryInPlace, type QuantizeResult } from '../quantize/quantize-model-dir.js';
import { SAMPLE_TEXTS } from '../quantize/sample-texts.js';
import { renderModelsConvert, type ModelsConvertReport } from '../report/models-convert.js';

export interface ModelsConvertOptions extends Omit<ConvertOptions, 'beforeCommit'> {
  srcDir: string;
  outDir: string;
  /** Also quantize the converted weights (dynamic int8), inside the same atomic write. */
  quantize?: 'int8';
  /** With quantize: least mean cosine int8 vs fp32 on the built-in sample texts (default 0.99). */
  minCosine?: number;
  /** With quantize: least cosine of any one sample text (default 0.98). */
  minTextCosine?: number;
  /** Prints what was written; undefined prints nothing (`-q`). */
  write?: (chunk: string) => void;
}

/**
 * Converts, and with `quantize: 'int8'` quantizes before the directory is moved into place, so a
 * failed quantization leaves no float32 directory behind either. The int8 model must reach the
 * same agreement floor as `models quantize` on the built-in sample texts.
 *
 * @throws GateError (exit 1) when the int8 model is below the agreement floor; nothing is written.
 * @example
 * await modelsConvertCommand({ srcDir: 'ckpt', outDir: 'ckpt-int8', quantize: 'int8' });
 */
export async function modelsConvertCommand(options: ModelsConvertOptions): Promise<ModelsConvertReport> {
  const { srcDir, outDir, quantize, minCosine, minTextCosine, write, ...convert } = options;
  if (quantize !== undefined && (convert.dtype ?? 'f32') !== 'f32') throw new UsageError('--quantize int8 starts from float32 weights: drop --dtype f16');
  // The fused graph's packed attention weights would stay float32, and it measured slower once quantized.
  if (quantize !== undefined && convert.fusedOps === true) throw new UsageError('--quantize int8 works on the standard-operator graph: drop --fused-ops');
  if (quantize === undefined && (minCosine !== undefined || minTextCosine !== undefined)) throw new UsageError('--min-cosine and --min-text-cosine check an int8 model: add --quantize int8');
  const floor = { mean: minCosine ?? DEFAULT_AGREEMENT_FLOOR.mean, min: minTextCosine ?? DEFAULT_AGREEMENT_FLOOR.min };
  let quantized: QuantizeResult | undefined;
  let agreement: Agreement | undefined;
  const result = await convertCheckpoint(srcDir, outDir, {
    ...convert,
    ...(quantize === undefined
      ? {}
      : {
          beforeCommit: async (staging: string): Promise<void> => {
            // staging still holds the float32 model while the int8 copy is checked against it.
            const reference = await loadModelDirectory(staging);
            quantized = await quantizeDirectoryInPlace(staging, {
              beforeCommit: async (int8Dir) => {
                agreement = await enforceAgreementFloor(reference, int8Dir, SAMPLE_TEXTS, floor, { target: `'${outDir}'` });
              },
            });
          },
        }),
  });
  const report = { result, quantized, agreement };
  write?.(renderModelsConvert(report));
  return report;
}
