/** The lines `resumator models convert` prints: what was written, and the int8 agreement. */
import type { ConvertResult } from '../convert/convert-checkpoint.js';
import { formatSize } from '../format-size.js';
import type { Agreement } from '../quantize/agreement.js';
import type { QuantizeResult } from '../quantize/quantize-model-dir.js';

export interface ModelsConvertReport {
  result: ConvertResult;
  quantized: QuantizeResult | undefined;
  /** With quantize: how closely the int8 embeddings follow the float32 ones. */
  agreement: Agreement | undefined;
}

/**
 * @example
 * renderModelsConvert(report); // 'converted BertModel (f32) into out: model.onnx 219.1 KiB\n'
 */
export function renderModelsConvert({ result, quantized, agreement }: ModelsConvertReport): string {
  const sizes = result.files
    .filter((f) => f.path.startsWith('model.onnx'))
    .map((f) => `${f.path} ${formatSize(f.bytes)}`)
    .join(', ');
  const lines = [`converted ${result.architecture} (${result.dtype}) into ${result.outDir}: ${sizes}`];
  if (quantized !== undefined) {
    lines.push(
      `quantized to int8: model.onnx ${formatSize(quantized.modelBytes)} (${(100 * quantized.sizeRatio).toFixed(0)}% of float32; ${quantized.stats.matmuls} MatMuls, ${quantized.stats.embeddingTables} embedding tables)`,
    );
  }
  if (agreement !== undefined) lines.push(`cosine int8 vs fp32 on ${agreement.texts} sample texts: mean ${agreement.mean.toFixed(5)}, min ${agreement.min.toFixed(5)}`);
  return lines.join('\n') + '\n';
}
