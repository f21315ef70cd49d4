/** `resumator models convert`: checkpoint -> ONNX model directory, optionally int8-quantized. */
import { convertCheckpoint, type ConvertOptions, type ConvertResult } from '../convert/convert-checkpoint.js';
import { UsageError } from '../errors.js';
import { quantizeDirectoryInPlace, type QuantizeResult } from '../quantize/quantize-model-dir.js';

export interface ModelsConvertOptions extends Omit<ConvertOptions, 'beforeCommit'> {
  srcDir: string;
  outDir: string;
  /** Also quantize the converted weights (dynamic int8), inside the same atomic write. */
  quantize?: 'int8';
}

export interface ModelsConvertReport {
  result: ConvertResult;
  quantized: QuantizeResult | undefined;
}

/**
 * Converts, and with `quantize: 'int8'` quantizes before the directory is moved into place, so a
 * failed quantization leaves no float32 directory behind either.
 *
 * @example
 * await modelsConvertCommand({ srcDir: 'ckpt', outDir: 'ckpt-int8', quantize: 'int8' });
 */
export async function modelsConvertCommand(options: ModelsConvertOptions): Promise<ModelsConvertReport> {
  const { srcDir, outDir, quantize, ...convert } = options;
  if (quantize !== undefined && (convert.dtype ?? 'f32') !== 'f32') throw new UsageError('--quantize int8 starts from float32 weights: drop --dtype f16');
  // The fused graph's packed attention weights would stay float32, and it measured slower once quantized.
  if (quantize !== undefined && convert.fusedOps === true) throw new UsageError('--quantize int8 works on the standard-operator graph: drop --fused-ops');
  let quantized: QuantizeResult | undefined;
  const result = await convertCheckpoint(srcDir, outDir, {
    ...convert,
    ...(quantize === undefined
      ? {}
      : {
          beforeCommit: async (staging: string): Promise<void> => {
            quantized = await quantizeDirectoryInPlace(staging);
          },
        }),
  });
  return { result, quantized };
}
