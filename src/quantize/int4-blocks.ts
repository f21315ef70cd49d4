/**
 * Block-wise 4-bit quantization of a MatMul weight B [K, N] in the layout of onnxruntime's
 * com.microsoft MatMulNBits (bits 4): the arithmetic only, over typed arrays.
 *
 * Each output column n is cut along K into blocks of `blockSize` rows; every block has its own
 * float32 scale and (asymmetric) a 4-bit zero point, dequantized as (q - zero_point) * scale.
 * - B: uint8 [N, blocks, blockSize / 2]; byte j of a block holds the block's value 2j in its
 *   low nibble and 2j + 1 in its high nibble (the spec's "first 4 bits in the lower 4 bits").
 * - scales: float32 [N * blocks], column-major by block (column n's blocks are contiguous).
 * - zero points: uint8 [N, ceil(blocks / 2)], packed the same way, two blocks per byte; an odd
 *   block count leaves the last high nibble 0 (never read).
 * K is padded with zero rows up to a whole number of blocks, as onnxruntime's quantizer pads;
 * the padding quantizes to the zero point and meets no activation (A has K columns).
 *
 * The rules follow onnxruntime's own quantizer (MLAS blockwise quantization), so a file made
 * here holds the bytes `matmul_nbits_quantizer` would write for the same weights:
 * - asymmetric: min = min(block, 0), max = max(block, 0), scale = (max - min) / 15,
 *   zero_point = clamp(round(-min / scale), 0, 15); 0.0 is exactly representable;
 * - symmetric: scale = m / -8 for the block's value m of largest magnitude (so m itself maps to
 *   -8, the one extra negative code), values clamp(round(w / scale) + 8, 0, 15), no zero-point
 *   input (MatMulNBits defaults it to 8).
 * Rounding is half away from zero (C's roundf, what MLAS uses).
 */

/** Rows of K per block: the granularity of scales and zero points. */
export const INT4_BLOCK_SIZE = 32;

export interface Int4Blocks {
  /** Packed codes, uint8 [N, blocks, blockSize / 2]. */
  packed: Uint8Array;
  /** One scale per (column, block), [N * blocks]. */
  scales: Float32Array;
  /** Packed zero points [N, ceil(blocks / 2)]; undefined when symmetric (implied 8). */
  zeroPoints: Uint8Array | undefined;
  k: number;
  n: number;
  blockSize: number;
  /** ceil(K / blockSize). */
  blocks: number;
}

export interface Int4Options {
  /** Power of two >= 16 (the spec's rule); default INT4_BLOCK_SIZE. */
  blockSize?: number;
  /** Symmetric blocks without zero points; default false (asymmetric, onnxruntime's default). */
  symmetric?: boolean;
  /**
   * 'columns' (default): `data` is B [K, N] row-major. 'rows': `data` is Bᵀ [N, K] row-major,
   * e.g. an embedding table [vocab, hidden] whose rows are quantized like the columns of a head.
   */
  layout?: 'columns' | 'rows';
}

/**
 * Quantizes a row-major [K, N] MatMul weight into MatMulNBits' 4-bit blocks.
 *
 * @example
 * // one column [-1.5, 6, 0, ..., 0] (K 32): scale 7.5 / 15 = 0.5, zero point 3, codes 0, 15, 3...
 * const q = quantizeInt4Blocks(Float32Array.from({ length: 32 }, (_, i) => [-1.5, 6][i] ?? 0), 32, 1);
 * q.packed; // [0xf0, 0x33, 0x33, ...]; q.scales [0.5]; q.zeroPoints [0x03]
 */
export function quantizeInt4Blocks(data: Float32Array, k: number, n: number, options: Int4Options = {}): Int4Blocks {
  const blockSize = options.blockSize ?? INT4_BLOCK_SIZE;
  const symmetric = options.symmetric === true;
  const rows = options.layout === 'rows';
  checkShape(data, k, n, blockSize);
  const blocks = Math.ceil(k / blockSize);
  const blob = blockSize / 2;
  const packed = new Uint8Array(n * blocks * blob);
  const scales = new Float32Array(n * blocks);
  const zeroBytes = Math.ceil(blocks / 2);
  const zeroPoints = symmetric ? undefined : new Uint8Array(n * zeroBytes);
  const codes = new Uint8Array(blockSize);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocks; b++) {
      const start = b * blockSize;
      const end = Math.min(k, start + blockSize);
      let min = 0;
      let max = 0;
      for (let r = start; r < end; r++) {
        const w = data[rows ? col * k + r : r * n + col] as number;
        if (w < min) min = w;
        if (w > max) max = w;
      }
      const { scale, zero } = symmetric ? symmetricRange(min, max) : asymmetricRange(min, max);
      scales[col * blocks + b] = scale;
      const inverse = scale === 0 ? 0 : 1 / scale;
      // Padding rows (r >= K) are zeros, which quantize to the zero point.
      for (let i = 0; i < blockSize; i++) {
        const r = start + i;
        const w = r < end ? (data[rows ? col * k + r : r * n + col] as number) : 0;
        codes[i] = clamp15(roundHalfAway(w * inverse) + zero);
      }
      const base = (col * blocks + b) * blob;
      for (let j = 0; j < blob; j++) packed[base + j] = (codes[2 * j] as number) | ((codes[2 * j + 1] as number) << 4);
      if (zeroPoints !== undefined) {
        const at = col * zeroBytes + (b >> 1);
        zeroPoints[at] = (zeroPoints[at] as number) | (b % 2 === 0 ? zero : zero << 4);
      }
    }
  }
  return { packed, scales, zeroPoints, k, n, blockSize, blocks };
}

/**
 * The float32 [K, N] weight that MatMulNBits computes with: (code - zero_point) * scale. A table
 * quantized with layout 'rows' comes back transposed too, [width, rows].
 */
export function dequantizeInt4Blocks(q: Int4Blocks): Float32Array {
  const { k, n, blockSize, blocks } = q;
  const out = new Float32Array(k * n);
  const blob = blockSize / 2;
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocks; b++) {
      const scale = q.scales[col * blocks + b] as number;
      const zero = int4ZeroPoint(q, col, b);
      const base = (col * blocks + b) * blob;
      for (let i = 0; i < blockSize; i++) {
        const r = b * blockSize + i;
        if (r >= k) break;
        out[r * n + col] = (int4Code(q.packed, base, i) - zero) * scale;
      }
    }
  }
  return out;
}

/**
 * The codes as rows of K values without the padding of a partial last block: uint8
 * [N, ceil(K / 2)], the layout GatherBlockQuantized reads (value k of row n in nibble k). When K
 * is a multiple of the block size this is `packed` itself.
 */
export function int4RowBytes(q: Int4Blocks): Uint8Array {
  if (q.k % q.blockSize === 0) return q.packed;
  const width = Math.ceil(q.k / 2);
  const out = new Uint8Array(q.n * width);
  const blob = q.blockSize / 2;
  for (let row = 0; row < q.n; row++) {
    for (let i = 0; i < q.k; i++) {
      const b = Math.floor(i / q.blockSize);
      const code = int4Code(q.packed, (row * q.blocks + b) * blob, i - b * q.blockSize);
      out[row * width + (i >> 1)] = (out[row * width + (i >> 1)] as number) | (i % 2 === 0 ? code : code << 4);
    }
  }
  return out;
}

/** The code of value `i` of the blob starting at `base`: low nibble for even i, high for odd. */
export function int4Code(packed: Uint8Array, base: number, i: number): number {
  const byte = packed[base + (i >> 1)] as number;
  return i % 2 === 0 ? byte & 0x0f : byte >> 4;
}

/** Block `b` of column `col`'s zero point: its packed nibble, or the spec's default 8. */
export function int4ZeroPoint(q: Int4Blocks, col: number, b: number): number {
  if (q.zeroPoints === undefined) return 8;
  const byte = q.zeroPoints[col * Math.ceil(q.blocks / 2) + (b >> 1)] as number;
  return b % 2 === 0 ? byte & 0x0f : byte >> 4;
}

/** Scale and zero point of a block whose values lie in [min, max] (min <= 0 <= max). */
function asymmetricRange(min: number, max: number): { scale: number; zero: number } {
  const scale = Math.fround((max - min) / 15);
  if (scale === 0) return { scale, zero: 0 };
  return { scale, zero: clamp15(roundHalfAway(-min / scale)) };
}

/** The value of largest magnitude maps to code 0 (-8 after the implied zero point 8). */
function symmetricRange(min: number, max: number): { scale: number; zero: number } {
  const extreme = Math.abs(max) > Math.abs(min) ? max : min;
  return { scale: Math.fround(extreme / -8), zero: 8 };
}

function clamp15(v: number): number {
  return v < 0 ? 0 : v > 15 ? 15 : v;
}

/** C's roundf: 0.5 -> 1, -0.5 -> -1, 2.5 -> 3. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function checkShape(data: Float32Array, k: number, n: number, blockSize: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 1 || n < 1 || k * n !== data.length) {
    throw new RangeError(`matrix [${k}, ${n}] needs ${k * n} values, got ${data.length}`);
  }
  if (!Number.isInteger(blockSize) || blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new RangeError(`block size must be a power of two >= 16, got ${blockSize}`);
  }
}
