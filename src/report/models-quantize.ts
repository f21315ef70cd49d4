/** The report of `resumator models quantize`: sizes, encoding, agreement with fp32 and the floor. */
import { formatSize } from '../format-size.js';
import type { Agreement, AgreementFloor } from '../quantize/agreement.js';
import type { QuantizeResult } from '../quantize/quantize-model-dir.js';

export type ModelsQuantizeFormat = 'text' | 'json';
export const MODELS_QUANTIZE_FORMATS: readonly ModelsQuantizeFormat[] = ['text', 'json'];

export interface ModelsQuantizeReport {
  result: QuantizeResult;
  agreement: Agreement;
  floor: AgreementFloor;
  /** Whether the agreement reached the floor, i.e. whether OUT_DIR was written. */
  passed: boolean;
}

/** The report of `models quantize`, as text or JSON. */
export function renderModelsQuantize(report: ModelsQuantizeReport, format: ModelsQuantizeFormat): string {
  return format === 'json' ? renderJson(report) : renderText(report);
}

function renderText({ result, agreement, floor, passed }: ModelsQuantizeReport): string {
  const { stats } = result;
  return [
    `quantized ${result.sourceDir} -> ${result.outDir}${passed ? '' : ' (not written: below the agreement floor)'}`,
    `  model file: ${formatSize(result.sourceModelBytes)} -> ${formatSize(result.modelBytes)} (size ratio ${result.sizeRatio.toFixed(3)})`,
    `  int8: ${stats.matmuls} MatMul weights, ${stats.embeddingTables} embedding tables (${stats.int8Parameters.toLocaleString('en-US')} parameters); float32: ${stats.float32Parameters.toLocaleString('en-US')} parameters`,
    `  encoding: ${stats.encoding === 'contrib' ? 'com.microsoft DynamicQuantizeMatMul' : 'standard ONNX ops (DynamicQuantizeLinear + MatMulInteger)'}`,
    `  cosine int8 vs fp32 on ${agreement.texts} sample texts: mean ${agreement.mean.toFixed(5)}, min ${agreement.min.toFixed(5)}`,
    `  agreement floor: mean >= ${floor.mean}, min >= ${floor.min}: ${passed ? 'passed' : 'FAILED'}`,
    '',
  ].join('\n');
}

function renderJson({ result, agreement, floor, passed }: ModelsQuantizeReport): string {
  const json = {
    source: result.sourceDir,
    output: result.outDir,
    model_file: result.modelFile,
    source_bytes: result.sourceModelBytes,
    bytes: result.modelBytes,
    size_ratio: result.sizeRatio,
    source_sha256: result.sourceSha256,
    sha256: result.sha256,
    encoding: result.stats.encoding,
    matmuls: result.stats.matmuls,
    embedding_tables: result.stats.embeddingTables,
    int8_parameters: result.stats.int8Parameters,
    float32_parameters: result.stats.float32Parameters,
    cosine: agreement,
    floor,
    passed,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

