/**
 * Symmetric int8 quantization of weight matrices: the arithmetic only, over typed arrays.
 * Zero point 0, so 0.0 maps exactly to 0, and values in [-127, 127] (-128 is never used,
 * which keeps the scheme symmetric).
 *
 * MatMul weights get saturation-safe scales (quantizePerColumn): onnxruntime's u8 x s8 kernels
 * on x86 CPUs without VNNI (AVX2, AVX-512 without VNNI) multiply with vpmaddubsw, which adds
 * each two adjacent u8 x s8 products into a saturating int16. A u8 activation is at most 255,
 * so the sum of a pair stays exact only while the two weights' magnitudes add up to at most
 * 32767 / 255 = 128.5. Scales of max|w| / 127 break that (255 x 127 x 2 = 64770) and such
 * models come out wrong on those CPUs only, while VNNI CPUs compute the same file exactly.
 */

/** Largest int8 magnitude used by the symmetric scheme. */
export const INT8_MAX = 127;

/**
 * Largest |q1| + |q2| of any two stored weights of one output channel: 255 x 128 = 32640 fits
 * in an int16, so a vpmaddubsw pair sum never saturates, whichever two inputs it pairs.
 */
export const PAIR_MAGNITUDE_MAX = 128;

export interface QuantizedMatrix {
  /** Row-major int8 values, same layout as the float input. */
  values: Int8Array;
  /** One scale per channel (column or row, depending on the function). */
  scales: Float32Array;
}

/**
 * Quantizes a row-major [rows, cols] matrix with one scale per column: the layout of a MatMul
 * weight B [in, out], whose columns are the output channels.
 *
 * The scale is (m1 + m2) / 127, where m1 >= m2 are the column's two largest magnitudes, so
 * that no two values of a column exceed PAIR_MAGNITUDE_MAX together: round(m1 / s) +
 * round(m2 / s) <= 127 + 1. It costs about one bit against max|w| / 127 when the two largest
 * are close (typical), less when one weight stands out, and is exact on every CPU.
 *
 * An all-zero column gets scale 1 (not 0): its values are exactly 0 either way, and a
 * non-zero scale keeps every consumer free of division by zero.
 *
 * @example
 * quantizePerColumn(Float32Array.of(1, 0, -0.5, 0), 2, 2);
 * // values [85, 0, -42, 0], scales [1.5/127, 1]
 */
export function quantizePerColumn(data: Float32Array, rows: number, cols: number): QuantizedMatrix {
  checkShape(data, rows, cols);
  const first = new Float64Array(cols);
  const second = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(data[base + c] as number);
      if (a > (first[c] as number)) {
        second[c] = first[c] as number;
        first[c] = a;
      } else if (a > (second[c] as number)) {
        second[c] = a;
      }
    }
  }
  // Values are rounded with the float32 scale the model stores, as onnxruntime reads it back.
  const scales = Float32Array.from(first, (m1, c) => scaleFor(m1 + (second[c] as number)));
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) values[base + c] = quantizeValue(data[base + c] as number, scales[c] as number);
  }
  return { values, scales };
}

/**
 * Quantizes a row-major [rows, cols] matrix with one scale per row: the layout of an embedding
 * table [vocab, hidden], where each gathered row is dequantized with its own scale.
 *
 * @example
 * quantizePerRow(Float32Array.of(2, -1, 0, 0), 2, 2);
 * // values [127, -64, 0, 0], scales [2/127, 1]
 */
export function quantizePerRow(data: Float32Array, rows: number, cols: number): QuantizedMatrix {
  checkShape(data, rows, cols);
  const scales = new Float32Array(rows);
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let maxAbs = 0;
    for (let c = 0; c < cols; c++) maxAbs = Math.max(maxAbs, Math.abs(data[base + c] as number));
    const scale = scaleFor(maxAbs);
    scales[r] = scale;
    for (let c = 0; c < cols; c++) values[base + c] = quantizeValue(data[base + c] as number, scale);
  }
  return { values, scales };
}

/** range / 127, or 1 for an all-zero (or non-finite) channel. */
function scaleFor(range: number): number {
  return range > 0 && Number.isFinite(range) ? range / INT8_MAX : 1;
}

/**
 * round(w / scale) clamped to [-127, 127], ties to even as ONNX QuantizeLinear rounds, so the
 * stored weights are what onnxruntime's own quantizer would store.
 */
export function quantizeValue(w: number, scale: number): number {
  const q = roundHalfToEven(w / scale);
  return Math.max(-INT8_MAX, Math.min(INT8_MAX, q));
}

/** Banker's rounding: 0.5 -> 0, 1.5 -> 2, -2.5 -> -2. */
export function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function checkShape(data: Float32Array, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== data.length) {
    throw new RangeError(`matrix [${rows}, ${cols}] needs ${rows * cols} values, got ${data.length}`);
  }
}
