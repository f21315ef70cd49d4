/**
 * An independent safetensors WRITER for tests: shares no code with src/safetensors (the reader)
 * or src/onnx/float16.ts, so a bug in one is not mirrored in the other. Rounding to fp16 here
 * uses plain double arithmetic (exact for power-of-two scaling) instead of bit tricks.
 */
import { writeFile } from 'node:fs/promises';

export type WriterDtype = 'F32' | 'F16' | 'BF16' | 'I64';

export interface WriterTensor {
  name: string;
  dtype: WriterDtype;
  shape: number[];
  /** Values to store; F16/BF16 round to nearest even. I64 takes integers. */
  values: ArrayLike<number>;
}

const SIZES: Record<WriterDtype, number> = { F32: 4, F16: 2, BF16: 2, I64: 8 };

/** Round half to even of a non-negative double. */
function roundEven(x: number): number {
  const f = Math.floor(x);
  const r = x - f;
  if (r > 0.5) return f + 1;
  if (r < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** fp16 bits of a finite value within fp16 range, from its binary exponent. */
export function halfBits(value: number): number {
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);
  if (abs === 0) return sign;
  if (abs < 2 ** -14) return sign | roundEven(abs / 2 ** -24); // subnormal; 1024 carries into the exponent field correctly
  let e = Math.floor(Math.log2(abs));
  if (2 ** e > abs) e -= 1; // log2 can be off by one ulp near powers of two
  if (2 ** (e + 1) <= abs) e += 1;
  let m = roundEven((abs / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e += 1;
  }
  if (e > 15) throw new Error(`test writer: ${value} overflows fp16`);
  return sign | ((e + 15) << 10) | m;
}

/** The number an fp16 bit pattern stores (normal and subnormal only). */
export function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** bf16 bits: the float32's top 16 bits, rounded to nearest even on the dropped half. */
export function bf16Bits(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const lower = bits & 0xffff;
  let upper = bits >>> 16;
  if (lower > 0x8000 || (lower === 0x8000 && (upper & 1) === 1)) upper += 1;
  return upper;
}

export function bf16Value(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits << 16 >>> 0);
  return view.getFloat32(0);
}

/** The value the file will hold for `value` stored as `dtype` (what a reader must return). */
export function storedValue(value: number, dtype: WriterDtype): number {
  if (dtype === 'F16') return halfValue(halfBits(value));
  if (dtype === 'BF16') return bf16Value(bf16Bits(value));
  return Math.fround(value);
}

/**
 * The bytes of a safetensors file: u64 LE header length, JSON header (padded with spaces to a
 * multiple of 8, as the reference writer does), then the tensors back to back in the given order.
 */
export function encodeSafetensors(tensors: readonly WriterTensor[], metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header['__metadata__'] = metadata;
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.values.length * SIZES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const out = Buffer.alloc(8 + Buffer.byteLength(json) + offset);
  out.writeBigUInt64LE(BigInt(Buffer.byteLength(json)), 0);
  out.write(json, 8, 'utf8');
  let at = 8 + Buffer.byteLength(json);
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++) {
      const v = t.values[i] as number;
      if (t.dtype === 'F32') out.writeFloatLE(v, at);
      else if (t.dtype === 'F16') out.writeUInt16LE(halfBits(v), at);
      else if (t.dtype === 'BF16') out.writeUInt16LE(bf16Bits(v), at);
      else out.writeBigInt64LE(BigInt(v), at);
      at += SIZES[t.dtype];
    }
  }
  return out;
}

export async function writeSafetensors(file: string, tensors: readonly WriterTensor[], metadata?: Record<string, string>): Promise<void> {
  await writeFile(file, encodeSafetensors(tensors, metadata));
}
