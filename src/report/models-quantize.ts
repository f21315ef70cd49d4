/** The report of `resumator models quantize`: sizes, encoding, agreement with fp32 and the floor. */
import { formatSize } from '../format-size.js';
import type { GateAgreement, GateFloor } from '../quantize/agreement-gate.js';
import { INT4_BLOCK_SIZE } from '../quantize/int4-blocks.js';
import type { QuantizeResult } from '../quantize/quantize-model-dir.js';
import type { QuantizeStats } from '../quantize/quantize-onnx.js';

export type ModelsQuantizeFormat = 'text' | 'json';
export const MODELS_QUANTIZE_FORMATS: readonly ModelsQuantizeFormat[] = ['text', 'json'];

export interface ModelsQuantizeReport {
  result: QuantizeResult;
  gate: GateFloor;
  measured: GateAgreement;
  /** Whether the agreement reached the floor, i.e. whether OUT_DIR was written. */
  passed: boolean;
}

/** The report of `models quantize`, as text or JSON. */
export function renderModelsQuantize(report: ModelsQuantizeReport, format: ModelsQuantizeFormat): string {
  return format === 'json' ? renderJson(report) : renderText(report);
}

function renderText({ result, gate, measured, passed }: ModelsQuantizeReport): string {
  const { stats } = result;
  return [
    `quantized ${result.sourceDir} -> ${result.outDir}${passed ? '' : ' (not written: below the agreement floor)'}`,
    `  model file: ${formatSize(result.sourceModelBytes)} -> ${formatSize(result.modelBytes)} (size ratio ${result.sizeRatio.toFixed(3)})`,
    `  ${stats.type}: ${stats.matmuls} MatMul weights, ${stats.embeddingTables} embedding tables (${quantizedParameters(stats).toLocaleString('en-US')} parameters); float32: ${stats.float32Parameters.toLocaleString('en-US')} parameters`,
    `  encoding: ${encodingLine(stats)}`,
    ...agreementLines(measured, stats.type),
    `  agreement floor: ${floorText(gate)}: ${passed ? 'passed' : 'FAILED'}`,
    '',
  ].join('\n');
}

function quantizedParameters(stats: QuantizeStats): number {
  return stats.type === 'int4' ? stats.int4Parameters + stats.int8Parameters : stats.int8Parameters;
}

function encodingLine(stats: QuantizeStats): string {
  if (stats.type === 'int4') return `com.microsoft MatMulNBits (4 bits, blocks of ${INT4_BLOCK_SIZE}, accuracy level ${stats.accuracyLevel ?? 0})${stats.embeddingTables > 0 ? ' + GatherBlockQuantized' : ''}`;
  return stats.encoding === 'contrib' ? 'com.microsoft DynamicQuantizeMatMul' : 'standard ONNX ops (DynamicQuantizeLinear + MatMulInteger)';
}

function agreementLines(measured: GateAgreement, type: string): string[] {
  if (measured.task === 'encoder') {
    const a = measured.agreement;
    return [`  cosine ${type} vs fp32 on ${a.texts} sample texts: mean ${a.mean.toFixed(5)}, min ${a.min.toFixed(5)}`];
  }
  const a = measured.agreement;
  return [
    `  top-1 next token ${type} vs fp32: ${a.top1.toFixed(4)} of ${a.positions} positions in ${a.prompts} sample prompts (last positions: ${a.top1Last.toFixed(4)})`,
    `  P(SELECTED) / (P(SELECTED) + P(REJECTED)) difference: max ${a.labelDiffMax.toFixed(4)}, mean ${a.labelDiffMean.toFixed(4)}`,
  ];
}

function floorText(gate: GateFloor): string {
  return gate.task === 'encoder' ? `mean >= ${gate.floor.mean}, min >= ${gate.floor.min}` : `top-1 >= ${gate.floor.top1}, label difference <= ${gate.floor.labelDiff}`;
}

function renderJson({ result, gate, measured, passed }: ModelsQuantizeReport): string {
  const { stats } = result;
  const json = {
    task: result.task,
    source: result.sourceDir,
    output: result.outDir,
    model_file: result.modelFile,
    source_bytes: result.sourceModelBytes,
    bytes: result.modelBytes,
    size_ratio: result.sizeRatio,
    source_sha256: result.sourceSha256,
    sha256: result.sha256,
    type: stats.type,
    encoding: stats.type === 'int4' ? 'MatMulNBits' : stats.encoding,
    ...(stats.type === 'int4' ? { accuracy_level: stats.accuracyLevel ?? 0, block_size: INT4_BLOCK_SIZE } : {}),
    matmuls: stats.matmuls,
    embedding_tables: stats.embeddingTables,
    int8_parameters: stats.int8Parameters,
    int4_parameters: stats.int4Parameters,
    float32_parameters: stats.float32Parameters,
    ...(measured.task === 'encoder'
      ? { cosine: measured.agreement }
      : {
          agreement: {
            prompts: measured.agreement.prompts,
            positions: measured.agreement.positions,
            top1: measured.agreement.top1,
            top1_last: measured.agreement.top1Last,
            label_diff_max: measured.agreement.labelDiffMax,
            label_diff_mean: measured.agreement.labelDiffMean,
          },
        }),
    floor: gate.task === 'encoder' ? gate.floor : { top1: gate.floor.top1, label_diff: gate.floor.labelDiff },
    passed,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
