/**
 * How closely a quantized encoder reproduces its float32 source: the cosine between the two
 * embeddings of each sample text.
 */
import { Embedder } from '../embed/embedder.js';
import type { ModelDirectory } from '../model/model-dir.js';

export interface Agreement {
  texts: number;
  mean: number;
  min: number;
}

/**
 * Per-row cosines of two row-major [count x dim] matrices, summarised. Rows need not be
 * normalised; a zero row has cosine 0 with anything.
 *
 * @example
 * cosineAgreement(Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 0, 1, 1), 2, 2);
 * // { texts: 2, mean: (1 + 0.7071) / 2, min: 0.7071 }
 */
export function cosineAgreement(a: Float32Array, b: Float32Array, count: number, dim: number): Agreement {
  if (a.length !== count * dim || b.length !== count * dim) throw new RangeError(`expected ${count} x ${dim} values, got ${a.length} and ${b.length}`);
  let sum = 0;
  let min = Infinity;
  for (let r = 0; r < count; r++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let c = r * dim; c < (r + 1) * dim; c++) {
      const x = a[c] as number;
      const y = b[c] as number;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    const cos = na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
    sum += cos;
    min = Math.min(min, cos);
  }
  return { texts: count, mean: count === 0 ? NaN : sum / count, min: count === 0 ? NaN : min };
}

/** Embeds `texts` with both models (native dimension) and compares them text by text. */
export async function measureAgreement(
  reference: ModelDirectory,
  candidate: ModelDirectory,
  texts: readonly string[],
  options: { threads?: number; batchSize?: number } = {},
): Promise<Agreement> {
  const embed = async (model: ModelDirectory): Promise<Float32Array> => {
    const embedder = await Embedder.open(model, options.threads === undefined ? {} : { threads: options.threads });
    try {
      return (await embedder.embed(texts, options.batchSize === undefined ? {} : { batchSize: options.batchSize })).vectors;
    } finally {
      await embedder.dispose();
    }
  };
  const a = await embed(reference);
  const b = await embed(candidate);
  return cosineAgreement(a, b, texts.length, texts.length === 0 ? 0 : a.length / texts.length);
}

/** The least agreement a quantized encoder must reach to be written: mean and lowest cosine. */
export interface AgreementFloor {
  mean: number;
  min: number;
}

/**
 * Healthy int8 models measure 0.9985 or more here (mean and min, random models of the real
 * shapes and a 4-layer stress model); a mean below 0.99 moves scores by more than the
 * rounding of a report, and 0.98 for the worst text leaves room for one hard text while
 * catching a kernel that is wrong on part of the input (the AVX2 saturation gave 0.940 / 0.921).
 */
export const DEFAULT_AGREEMENT_FLOOR: Readonly<AgreementFloor> = { mean: 0.99, min: 0.98 };

/** The failed parts of the floor, e.g. ['mean 0.94037 < 0.99']; empty when it passes. NaN fails. */
export function belowFloor(agreement: Agreement, floor: AgreementFloor): string[] {
  const failed: string[] = [];
  if (!(agreement.mean >= floor.mean)) failed.push(`mean ${beyond(agreement.mean, floor.mean, 'below')} < ${floor.mean}`);
  if (!(agreement.min >= floor.min)) failed.push(`min ${beyond(agreement.min, floor.min, 'below')} < ${floor.min}`);
  return failed;
}

/**
 * `value` with `digits` decimals, or as many more as it takes to stay on its side of `bound`:
 * 0.9999996 below 1 prints as '0.9999996', never as '1.00000 < 1'.
 */
export function beyond(value: number, bound: number, side: 'below' | 'above', digits = 5): string {
  const apart = (d: number): boolean => (side === 'below' ? Number(value.toFixed(d)) < bound : Number(value.toFixed(d)) > bound);
  let d = digits;
  while (d < 12 && !apart(d)) d++;
  return value.toFixed(d);
}
