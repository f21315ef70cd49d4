/** What resumator.json `quantization` records in a quantized model directory. */
import path from 'node:path';
import { INT4_BLOCK_SIZE } from './int4-blocks.js';
import type { QuantizeStats } from './quantize-onnx.js';

export interface QuantizationManifest {
  /** 'dynamic' (int8: activations quantized at run time) or 'weight-only' (int4). */
  method: 'dynamic' | 'weight-only';
  weights: 'int8' | 'int4';
  scheme: string;
  activations: string;
  encoding: string;
  /** int4 only. */
  block_size?: number;
  accuracy_level?: number;
  matmuls: number;
  embedding_tables: number;
  source_model: string;
  source_model_sha256: string;
}

/**
 * How the weights were quantized. The int8 MatMul rule is what makes a model exact on CPUs
 * without VNNI; models written before it used max|w| / 127.
 */
const INT8_SCHEME = 'symmetric, zero point 0; MatMul weights: one scale per output channel, (m1 + m2) / 127 for its two largest magnitudes (no int16 saturation in u8 x s8 kernels); embedding tables: one scale per row, max|w| / 127';
const INT4_SCHEME = `MatMul weights: 4-bit codes in blocks of ${INT4_BLOCK_SIZE} along K per output column, asymmetric: scale (max - min) / 15 and a 4-bit zero point per block, min <= 0 <= max (onnxruntime's rules); embedding tables: the same blocks along each row (GatherBlockQuantized), stored once with a tied LM head`;

/** The `quantization` record for a model made with `stats`, from `sourceModel` (relative path) with that sha256. */
export function quantizationManifest(stats: QuantizeStats, sourceModel: string, sourceSha256: string): QuantizationManifest {
  const common = { matmuls: stats.matmuls, embedding_tables: stats.embeddingTables, source_model: sourceModel.split(path.sep).join('/'), source_model_sha256: sourceSha256 };
  if (stats.type === 'int4') {
    const level = stats.accuracyLevel ?? 0;
    return {
      method: 'weight-only',
      weights: 'int4',
      scheme: INT4_SCHEME,
      activations: level === 4 ? 'int8 per block, quantized inside MatMulNBits at run time (accuracy_level 4)' : 'float32 (accuracy_level 0)',
      encoding: 'com.microsoft.MatMulNBits',
      block_size: INT4_BLOCK_SIZE,
      accuracy_level: level,
      ...common,
    };
  }
  return {
    method: 'dynamic',
    weights: 'int8',
    scheme: INT8_SCHEME,
    activations: 'uint8, one scale and zero point per tensor, computed at run time',
    encoding: stats.encoding === 'contrib' ? 'com.microsoft.DynamicQuantizeMatMul' : 'DynamicQuantizeLinear + MatMulInteger',
    ...common,
  };
}
