/**
 * How a serialised graph stores its initializers: float16 weight matrices and ONNX external
 * data (tensor bytes in a separate file, referenced by location/offset/length), the two things
 * a converter needs beyond the plain all-inline float32 model.
 */
import { encodeFloat16 } from './float16.js';
import type { TensorValue } from './tensor-value.js';
import { onnx } from './proto.js';
import type { ITensorProto } from './proto.js';

/** How {@link GraphBuilder.serialize} stores the initializers. */
export interface SerializeOptions {
  /**
   * Store float32 initializers of rank >= 2 (weight matrices, embedding tables: nearly all the
   * bytes) as float16, each cast back to float by a Cast node at the start of the graph.
   * Vectors and scalars stay float32: they are tiny, and some constants (the attention mask's
   * float32 lowest) lie outside fp16's range. A tensor with a value beyond ±65504 stays float32.
   */
  float16Weights?: boolean;
  /** Move initializers into a separate file, as ONNX external data. */
  externalData?: ExternalDataOptions;
}

export interface ExternalDataOptions {
  /** File name of the data file, relative to the model file, e.g. 'model.onnx_data'. */
  location: string;
  /** Externalise only when all initializers together exceed this many bytes (default 0: always). */
  whenLargerThan?: number;
  /** Initializers smaller than this stay inside the model file (default 1024, as onnx does). */
  minTensorBytes?: number;
  /** Offset alignment of each tensor in the data file (default 4096, as onnx does). */
  alignment?: number;
}

/** One tensor's bytes at its offset in the external data file; gaps between chunks are zeros. */
export interface ExternalDataChunk {
  offset: number;
  bytes: Uint8Array;
}

export interface SerializedModel {
  /** The ModelProto bytes (model.onnx). */
  model: Uint8Array;
  /** Present when initializers were externalised: what the data file must contain. */
  external?: { location: string; byteLength: number; chunks: ExternalDataChunk[] };
}

export function bytesOf(data: Uint16Array | Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** fp16 bits of a rank >= 2 float32 tensor, or undefined when it should stay float32. */
export function toFloat16(value: TensorValue): Uint16Array | undefined {
  if (value.type !== 'float32' || value.dims.length < 2) return undefined;
  const half = encodeFloat16(value.data);
  // 0x7c00 is the exponent of Infinity/NaN: a finite value that overflowed fp16, or a NaN kept as is.
  for (const bits of half) if ((bits & 0x7c00) === 0x7c00) return undefined;
  return half;
}

/**
 * Moves the raw data of large initializers out of the protos (in place) and returns where each
 * goes in the data file, or undefined when the total stays under `whenLargerThan`.
 */
export function externalise(initializers: ITensorProto[], options: ExternalDataOptions): SerializedModel['external'] {
  const total = initializers.reduce((sum, t) => sum + (t.rawData?.byteLength ?? 0), 0);
  if (total <= (options.whenLargerThan ?? 0)) return undefined;
  const alignment = options.alignment ?? 4096;
  const minBytes = options.minTensorBytes ?? 1024;
  const chunks: ExternalDataChunk[] = [];
  let end = 0;
  for (const tensor of initializers) {
    const bytes = tensor.rawData;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength < minBytes) continue;
    const offset = Math.ceil(end / alignment) * alignment;
    chunks.push({ offset, bytes });
    end = offset + bytes.byteLength;
    tensor.rawData = undefined;
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.externalData = [
      { key: 'location', value: options.location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(bytes.byteLength) },
    ];
  }
  return chunks.length === 0 ? undefined : { location: options.location, byteLength: end, chunks };
}

