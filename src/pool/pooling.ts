/**
 * Pooling, L2 normalisation and Matryoshka truncation over row-major Float32Arrays.
 * Pure functions: no model, no I/O. Conventions follow sentence-transformers exactly
 * (mean divides by max(count, 1e-9); normalise divides by max(norm, 1e-12)).
 */
import type { PoolingMode } from '../model/model-dir.js';

/**
 * Pools token states [batch, seq, hidden] into [batch, hidden] over positions where mask = 1,
 * so padding never leaks into an embedding.
 *
 * @example
 * poolTokens('mean', hidden, mask, 2, 5, 768); // Float32Array(2 * 768)
 */
export function poolTokens(
  mode: PoolingMode,
  hidden: Float32Array,
  mask: BigInt64Array,
  batch: number,
  seq: number,
  dim: number,
): Float32Array {
  if (hidden.length !== batch * seq * dim || mask.length !== batch * seq) {
    throw new RangeError(`pooling shapes disagree: hidden ${hidden.length} != ${batch}x${seq}x${dim} or mask ${mask.length} != ${batch}x${seq}`);
  }
  const out = new Float32Array(batch * dim);
  const acc = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    const outRow = out.subarray(b * dim, (b + 1) * dim);
    if (mode === 'cls') {
      outRow.set(hidden.subarray(b * seq * dim, b * seq * dim + dim));
      continue;
    }
    acc.fill(mode === 'max' ? -Infinity : 0);
    let count = 0;
    for (let t = 0; t < seq; t++) {
      if (mask[b * seq + t] === 0n) continue;
      count++;
      const base = (b * seq + t) * dim;
      if (mode === 'mean') {
        for (let d = 0; d < dim; d++) acc[d] = (acc[d] as number) + (hidden[base + d] as number);
      } else {
        for (let d = 0; d < dim; d++) acc[d] = Math.max(acc[d] as number, hidden[base + d] as number);
      }
    }
    if (mode === 'mean') {
      const denom = Math.max(count, 1e-9);
      for (let d = 0; d < dim; d++) outRow[d] = (acc[d] as number) / denom;
    } else {
      // An all-padding row has no maximum; zeros keep the output free of -Infinity.
      for (let d = 0; d < dim; d++) outRow[d] = count === 0 ? 0 : (acc[d] as number);
    }
  }
  return out;
}

/** L2-normalises each of `rows` rows of width `dim` in place. A zero row stays zero. */
export function normalizeRows(data: Float32Array, rows: number, dim: number): Float32Array {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const base = r * dim;
    for (let d = 0; d < dim; d++) {
      const v = data[base + d] as number;
      sum += v * v;
    }
    const scale = 1 / Math.max(Math.sqrt(sum), 1e-12);
    for (let d = 0; d < dim; d++) data[base + d] = (data[base + d] as number) * scale;
  }
  return data;
}

/**
 * Matryoshka truncation: keeps the first `target` of `dim` dimensions of each row and
 * re-normalises, as models trained with Matryoshka loss expect. Returns a new array.
 *
 * @example
 * truncateDims(vectors, n, 768, 256); // Float32Array(n * 256), unit rows
 */
export function truncateDims(data: Float32Array, rows: number, dim: number, target: number): Float32Array {
  if (!Number.isInteger(target) || target < 1 || target > dim) {
    throw new RangeError(`target dimension ${target} must be an integer in 1..${dim}`);
  }
  const out = new Float32Array(rows * target);
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * dim, r * dim + target), r * target);
  return normalizeRows(out, rows, target);
}
