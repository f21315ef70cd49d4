/**
 * Cosine similarity between two sets of L2-normalised embeddings, computed as A·Bᵀ one block
 * of A-rows at a time so memory stays bounded by the block, never by nA x nB.
 *
 * The interface only promises "row-major blocks of dot products": large products run on
 * onnxruntime (src/similarity/ort-block-product.ts), small ones in JavaScript.
 */
import { multiplyBlock } from './js-block-product.js';
import { OrtBlockProduct } from './ort-block-product.js';

/** Receives one block: `rowCount` rows of A (starting at `rowStart`) against every row of B. */
export type SimilarityBlockHandler = (
  rowStart: number,
  rowCount: number,
  block: Float32Array,
) => void | Promise<void>;

export interface SimilarityBlockOptions {
  /** Rows of A per block; default: as many as fit in about {@link DEFAULT_BLOCK_BYTES}. */
  blockRows?: number;
  /** onnxruntime intra-op threads for large products; default: all cores. */
  threads?: number;
  /** Force the engine; default: onnxruntime from {@link ORT_MIN_MULTIPLY_ADDS} multiply-adds. */
  engine?: 'js' | 'onnxruntime';
}

/**
 * Products at least this large run on onnxruntime. Below it (~30 ms of JavaScript) creating a
 * session costs more than it saves.
 */
export const ORT_MIN_MULTIPLY_ADDS = 1e8;

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
  const engine = options.engine ?? (nA * nB * dim >= ORT_MIN_MULTIPLY_ADDS ? 'onnxruntime' : 'js');
  if (engine === 'onnxruntime' && nA > 0 && nB > 0) {
    const product = await OrtBlockProduct.create(b, nB, dim, options.threads === undefined ? {} : { threads: options.threads });
    try {
      for (let rowStart = 0; rowStart < nA; rowStart += rowsPerBlock) {
        const rowCount = Math.min(rowsPerBlock, nA - rowStart);
        await onBlock(rowStart, rowCount, await product.multiply(a.subarray(rowStart * dim, (rowStart + rowCount) * dim), rowCount));
      }
    } finally {
      await product.dispose();
    }
    return;
  }
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

