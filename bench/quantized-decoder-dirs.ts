/**
 * Quantized copies of a benchmark decoder directory (bench/random-decoder-dir.ts), built once
 * beside it through the product's own entry point, quantizeModelDirectory, and reused: by
 * bench:decoder-quant and by other benchmarks that want the same int8/int4 models. Delete the
 * directory (or set BENCH_REBUILD=1) after changing the quantizer.
 */
import { access } from 'node:fs/promises';
import { quantizeModelDirectory, type QuantizeDirectoryOptions } from '../src/quantize/quantize-model-dir.js';

/** The variants bench:decoder-quant compares, by label. */
export const DECODER_QUANT_VARIANTS = {
  int8: { type: 'int8' },
  'int8-fp32-table': { type: 'int8', embeddings: false },
  'int4-level0': { type: 'int4', accuracyLevel: 0 },
  'int4-level4': { type: 'int4', accuracyLevel: 4 },
  'int4-level4-fp32-table': { type: 'int4', accuracyLevel: 4, embeddings: false },
} as const satisfies Record<string, Omit<QuantizeDirectoryOptions, 'beforeCommit' | 'force'>>;

export type DecoderQuantVariant = keyof typeof DECODER_QUANT_VARIANTS;

/**
 * `${fp32Dir}-${variant}`, quantized from fp32Dir unless it exists; with no agreement gate
 * (bench:decoder-quant measures the agreement itself).
 *
 * @example const dir = await quantizedDecoderDir(fp32Dir, 'int4-level4');
 */
export async function quantizedDecoderDir(fp32Dir: string, variant: DecoderQuantVariant): Promise<{ dir: string; quantizeMs: number | undefined }> {
  const dir = `${fp32Dir}-${variant}`;
  const exists = await access(dir).then(() => true, () => false);
  if (exists && process.env['BENCH_REBUILD'] !== '1') return { dir, quantizeMs: undefined };
  const start = performance.now();
  await quantizeModelDirectory(fp32Dir, dir, { ...DECODER_QUANT_VARIANTS[variant], force: true });
  return { dir, quantizeMs: performance.now() - start };
}
