/**
 * Reading and writing initializer tensors of a decoded ONNX ModelProto: float32 values out
 * (raw_data or float_data), int8/float32 tensors in (always raw_data, little-endian).
 */
import { ModelError } from '../errors.js';
import { DataType } from '../onnx/proto.js';
import type { ITensorProto } from '../onnx/proto.js';

/** protobufjs decodes int64 fields as Long objects (or numbers); both convert with Number(). */
type IntLike = number | { toNumber(): number };

export function toNumber(value: IntLike | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** The tensor's dims as plain numbers. */
export function tensorDims(tensor: ITensorProto): number[] {
  return (tensor.dims ?? []).map((d) => toNumber(d as IntLike));
}

/** Number of elements: the product of the dims (1 for a scalar). */
export function elementCount(tensor: ITensorProto): number {
  return tensorDims(tensor).reduce((a, b) => a * b, 1);
}

/** Whether the tensor's bytes live outside the model file (ONNX external data). */
export function isExternal(tensor: ITensorProto): boolean {
  return tensor.dataLocation === 1 || (tensor.externalData?.length ?? 0) > 0;
}

/**
 * The values of a float32 initializer, copied into an aligned Float32Array.
 *
 * @throws ModelError when the tensor is not float32, keeps its data externally, or its byte
 *   count disagrees with its dims (a corrupt file must not become silently wrong weights).
 */
export function readFloat32(tensor: ITensorProto, file?: string): Float32Array {
  const name = tensor.name ?? '<unnamed>';
  if (tensor.dataType !== DataType.FLOAT) throw new ModelError(`initializer '${name}' is not float32`, file);
  if (isExternal(tensor)) {
    throw new ModelError(`initializer '${name}' keeps its data in an external file; quantize supports self-contained model files only`, file);
  }
  const count = elementCount(tensor);
  const raw = tensor.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    if (raw.length !== count * 4) throw new ModelError(`initializer '${name}' holds ${raw.length} bytes, expected ${count * 4} for dims [${tensorDims(tensor).join(', ')}]`, file);
    // Copy: raw_data is a view into the file buffer at an arbitrary (often odd) byte offset.
    const copy = new Uint8Array(raw);
    return new Float32Array(copy.buffer, 0, count);
  }
  const values = tensor.floatData ?? [];
  if (values.length !== count) throw new ModelError(`initializer '${name}' holds ${values.length} values, expected ${count}`, file);
  return Float32Array.from(values);
}

/** The values of an int64 initializer (small ones: axes, shapes), or undefined if not int64. */
export function readInt64(tensor: ITensorProto): number[] | undefined {
  if (tensor.dataType !== DataType.INT64 || isExternal(tensor)) return undefined;
  const raw = tensor.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    if (raw.length !== elementCount(tensor) * 8) return undefined;
    return Array.from(new BigInt64Array(new Uint8Array(raw).buffer), Number);
  }
  return (tensor.int64Data ?? []).map((v) => toNumber(v as IntLike));
}

/** A float32 initializer stored as raw_data. */
export function float32Tensor(name: string, data: Float32Array, dims: readonly number[]): ITensorProto {
  return { name, dataType: DataType.FLOAT, dims: [...dims], rawData: bytesOf(data) };
}

/** An int8 initializer stored as raw_data. */
export function int8Tensor(name: string, data: Int8Array, dims: readonly number[]): ITensorProto {
  return { name, dataType: DataType.INT8, dims: [...dims], rawData: bytesOf(data) };
}

/** An int64 initializer (a shape) stored as raw_data. */
export function int64Tensor(name: string, values: readonly number[], dims: readonly number[] = [values.length]): ITensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, dataType: DataType.INT64, dims: [...dims], rawData: new Uint8Array(data.buffer) };
}

/** A uint8 initializer stored as raw_data (packed 4-bit codes and zero points). */
export function uint8Tensor(name: string, data: Uint8Array, dims: readonly number[]): ITensorProto {
  return { name, dataType: DataType.UINT8, dims: [...dims], rawData: bytesOf(data) };
}

// raw_data is little-endian by spec; every platform onnxruntime-node ships for is little-endian.
function bytesOf(data: Float32Array | Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
