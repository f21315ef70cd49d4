/** The lines `resumator models convert` prints: what was written, and the quantized model's agreement. */
import type { ConvertResult } from '../convert/convert-checkpoint.js';
import { formatSize } from '../format-size.js';
import type { GateAgreement } from '../quantize/agreement-gate.js';
import type { QuantizeResult } from '../quantize/quantize-model-dir.js';

export interface ModelsConvertReport {
  result: ConvertResult;
  quantized: QuantizeResult | undefined;
  /** With quantize: how closely the quantized model follows the float32 one. */
  agreement: GateAgreement | undefined;
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
      `quantized to ${quantized.stats.type}: model.onnx ${formatSize(quantized.modelBytes)} (${(100 * quantized.sizeRatio).toFixed(0)}% of float32; ${quantized.stats.matmuls} MatMuls, ${quantized.stats.embeddingTables} embedding tables)`,
    );
  }
  const type = quantized?.stats.type ?? 'int8';
  if (agreement?.task === 'encoder') {
    const a = agreement.agreement;
    lines.push(`cosine ${type} vs fp32 on ${a.texts} sample texts: mean ${a.mean.toFixed(5)}, min ${a.min.toFixed(5)}`);
  } else if (agreement !== undefined) {
    const a = agreement.agreement;
    lines.push(`top-1 next token ${type} vs fp32: ${a.top1.toFixed(4)} of ${a.positions} positions in ${a.prompts} sample prompts; label-probability difference max ${a.labelDiffMax.toFixed(4)}, mean ${a.labelDiffMean.toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}
