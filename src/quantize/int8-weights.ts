/**
 * Symmetric int8 quantization of weight matrices: the arithmetic only, over typed arrays.
 * Scales are max|w| / 127 with zero point 0, so 0.0 maps exactly to 0 and the range is
 * [-127, 127] (-128 is never used, which keeps the scheme symmetric).
 */

/** Largest int8 magnitude used by the symmetric scheme. */
export const INT8_MAX = 127;

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
 * An all-zero column gets scale 1 (not 0): its values are exactly 0 either way, and a
 * non-zero scale keeps every consumer free of division by zero.
 *
 * @example
 * quantizePerColumn(Float32Array.of(1, 0, -0.5, 0), 2, 2);
 * // values [127, 0, -64, 0], scales [1/127, 1]
 */
export function quantizePerColumn(data: Float32Array, rows: number, cols: number): QuantizedMatrix {
  checkShape(data, rows, cols);
  const maxAbs = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(data[base + c] as number);
      if (a > (maxAbs[c] as number)) maxAbs[c] = a;
    }
  }
  const scales = maxAbs.map(scaleFor);
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

/** max|w| / 127, or 1 for an all-zero (or non-finite) channel. */
function scaleFor(maxAbs: number): number {
  return maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs / INT8_MAX : 1;
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
