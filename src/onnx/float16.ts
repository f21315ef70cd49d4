/**
 * IEEE 754 half precision (fp16) and bfloat16 <-> float32, written by hand: Node 20 has neither
 * Float16Array nor Math.f16round, and the conversions are a few exact bit manipulations, so a
 * dependency would add more risk than it removes. Every fp16 and bf16 value is exactly
 * representable in float32, so decoding never rounds; encoding rounds to nearest, ties to even,
 * as numpy and PyTorch do.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** 65536-entry table: decoding a large fp16 tensor is then one lookup per value. */
let halfTable: Float32Array | undefined;

function decodeHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The float value of fp16 bits.
 *
 * @example
 * float16BitsToNumber(0x3c00); // 1
 */
export function float16BitsToNumber(bits: number): number {
  halfTable ??= Float32Array.from({ length: 65536 }, (_, h) => decodeHalfBits(h));
  return halfTable[bits & 0xffff] as number;
}

/** Decodes `count` little-endian fp16 values from `bytes` into float32. */
export function decodeFloat16(bytes: Uint8Array, count: number): Float32Array {
  halfTable ??= Float32Array.from({ length: 65536 }, (_, h) => decodeHalfBits(h));
  const table = halfTable;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = table[(bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8)] as number;
  return out;
}

/** Decodes `count` little-endian bfloat16 values: bf16 is the top half of a float32's bits. */
export function decodeBfloat16(bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) bits[i] = (((bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8)) << 16) >>> 0;
  return out;
}

/**
 * fp16 bits of a number, rounded to nearest even; beyond ±65504 gives ±Infinity.
 *
 * @example
 * float32ToFloat16Bits(1); // 0x3c00
 */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant === 0 ? 0 : 0x200);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // fp16 subnormal: count units of 2^-24; below half a unit rounds to zero.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, which is exactly the right rounding.
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** Encodes float32 values as fp16 bits. */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i] as number);
  return out;
}
