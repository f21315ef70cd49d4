/**
 * `resumator models quantize DIR [OUT_DIR]`: writes an int8 copy of a model directory and
 * reports how much smaller it is and how closely its embeddings follow the float32 ones.
 */
import { loadModelDirectory } from '../model/model-dir.js';
import { measureAgreement, type Agreement } from '../quantize/agreement.js';
import { defaultQuantizedDir, quantizeModelDirectory, type QuantizeResult } from '../quantize/quantize-model-dir.js';
import type { QuantizeEncoding } from '../quantize/quantize-onnx.js';
import { readSampleTexts, SAMPLE_TEXTS } from '../quantize/sample-texts.js';

export type ModelsQuantizeFormat = 'text' | 'json';
export const MODELS_QUANTIZE_FORMATS: readonly ModelsQuantizeFormat[] = ['text', 'json'];

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
  format: ModelsQuantizeFormat;
  write: (chunk: string) => void;
}

export interface ModelsQuantizeReport {
  result: QuantizeResult;
  agreement: Agreement;
}

/**
 * Quantizes, then embeds the sample texts with both models and prints the agreement.
 *
 * @example
 * await modelsQuantizeCommand({ dir: 'fixtures/models/tiny-bert', format: 'text', write: (s) => process.stdout.write(s) });
 */
export async function modelsQuantizeCommand(options: ModelsQuantizeOptions): Promise<ModelsQuantizeReport> {
  // Read the samples first: a bad --sample path fails before any file is written.
  const texts = options.sample === undefined ? [...SAMPLE_TEXTS] : await readSampleTexts(options.sample);
  const outDir = options.outDir ?? defaultQuantizedDir(options.dir);
  const result = await quantizeModelDirectory(options.dir, outDir, {
    force: options.force === true,
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(options.embeddings === undefined ? {} : { embeddings: options.embeddings }),
  });
  const agreement = await measureAgreement(await loadModelDirectory(options.dir), await loadModelDirectory(outDir), texts, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const report = { result, agreement };
  options.write(options.format === 'json' ? renderJson(report) : renderText(report));
  return report;
}

function renderText({ result, agreement }: ModelsQuantizeReport): string {
  const { stats } = result;
  return [
    `quantized ${result.sourceDir} -> ${result.outDir}`,
    `  model file: ${formatBytes(result.sourceModelBytes)} -> ${formatBytes(result.modelBytes)} (size ratio ${result.sizeRatio.toFixed(3)})`,
    `  int8: ${stats.matmuls} MatMul weights, ${stats.embeddingTables} embedding tables (${stats.int8Parameters.toLocaleString('en-US')} parameters); float32: ${stats.float32Parameters.toLocaleString('en-US')} parameters`,
    `  encoding: ${stats.encoding === 'contrib' ? 'com.microsoft DynamicQuantizeMatMul' : 'standard ONNX ops (DynamicQuantizeLinear + MatMulInteger)'}`,
    `  cosine int8 vs fp32 on ${agreement.texts} sample texts: mean ${agreement.mean.toFixed(5)}, min ${agreement.min.toFixed(5)}`,
    '',
  ].join('\n');
}

function renderJson({ result, agreement }: ModelsQuantizeReport): string {
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
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** 224359 -> '224.4 kB'; decimal units, as file managers and `ls -h --si` show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
