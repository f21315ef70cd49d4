/**
 * Facts about an ONNX model read from its protobuf without running it: parameter counts by
 * storage type, the ops it uses, its opsets and whether it is quantized. Only dims are read,
 * never tensor data, so models with external data summarise too.
 */
import { ModelError } from '../errors.js';
import { DataType, onnx } from './proto.js';
import type { IGraphProto, ITensorProto, ModelProto } from './proto.js';

export interface GraphSummary {
  irVersion: number;
  producer: string;
  opsets: Array<{ domain: string; version: number }>;
  /** Weights (initializers of rank >= 1), whatever their storage; scales and zero points of quantization excluded. */
  parameters: number;
  /** Of which stored as 8-bit integers. */
  int8Parameters: number;
  /** Of which stored as 4-bit codes (MatMulNBits and GatherBlockQuantized with bits 4), two per byte. */
  int4Parameters: number;
  /** Of which stored as float32. */
  float32Parameters: number;
  /** Node count per op type, domain-qualified outside the standard domain (com.microsoft.X). */
  ops: Record<string, number>;
  /** The quantization ops present, e.g. ['com.microsoft.DynamicQuantizeMatMul']. */
  quantizationOps: string[];
}

const WEIGHT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE, DataType.INT8, DataType.UINT8]);
const INT8_TYPES = new Set<number>([DataType.INT8, DataType.UINT8]);

/** Input slots (by op) that carry quantization scales or zero points rather than weights. */
const QUANT_PARAM_SLOTS: Readonly<Record<string, readonly number[]>> = {
  DynamicQuantizeMatMul: [2, 3],
  MatMulInteger: [2, 3],
  MatMulIntegerToFloat: [1, 2, 4, 5],
  DequantizeLinear: [1, 2],
  QuantizeLinear: [1, 2],
  QLinearMatMul: [1, 2, 4, 5, 6, 7],
  MatMulNBits: [2, 3],
  GatherBlockQuantized: [2, 3],
};
/** Ops that only a quantized graph contains: their presence means "already quantized". */
export const QUANTIZATION_OPS: ReadonlySet<string> = new Set([
  'DynamicQuantizeLinear',
  'MatMulInteger',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
  'QuantizeLinear',
  'DequantizeLinear',
  'QLinearMatMul',
  'GatherBlockQuantized',
  'MatMulNBits',
]);

/**
 * Summarises a serialised ONNX model.
 *
 * @example
 * summarizeGraph(await readFile('fixtures/models/tiny-bert/model.onnx')).parameters; // 53952
 */
export function summarizeGraph(bytes: Uint8Array, file?: string): GraphSummary {
  const model = decodeOnnxModel(bytes, file);
  const graph: IGraphProto = model.graph ?? {};
  const quantParams = quantizationParameters(graph);
  const int4 = int4Weights(graph);
  let parameters = 0;
  let int8Parameters = 0;
  let int4Parameters = 0;
  let float32Parameters = 0;
  for (const t of graph.initializer ?? []) {
    const dims = (t.dims ?? []).map(Number);
    if (dims.length === 0 || !WEIGHT_TYPES.has(t.dataType ?? 0) || quantParams.has(t.name ?? '')) continue;
    const packed = int4.get(t.name ?? '');
    const count = packed ?? dims.reduce((a, b) => a * b, 1);
    parameters += count;
    if (packed !== undefined) int4Parameters += count;
    else if (INT8_TYPES.has(t.dataType ?? 0)) int8Parameters += count;
    if (t.dataType === DataType.FLOAT) float32Parameters += count;
  }
  const ops: Record<string, number> = {};
  for (const node of graph.node ?? []) {
    const key = node.domain ? `${node.domain}.${node.opType}` : (node.opType ?? '');
    ops[key] = (ops[key] ?? 0) + 1;
  }
  return {
    irVersion: Number(model.irVersion ?? 0),
    producer: model.producerName ?? '',
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain || 'ai.onnx', version: Number(o.version ?? 0) })),
    parameters,
    int8Parameters,
    int4Parameters,
    float32Parameters,
    ops,
    quantizationOps: Object.keys(ops).filter((op) => QUANTIZATION_OPS.has(op.split('.').pop() ?? '')).sort(),
  };
}

/** Decodes an ONNX ModelProto; a ModelError naming the file when the bytes are not one. */
export function decodeOnnxModel(bytes: Uint8Array, file?: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ModelError(`not a valid ONNX model: ${(err as Error).message}`, file);
  }
  if (model.graph === null || model.graph === undefined) throw new ModelError('not a valid ONNX model: it has no graph', file);
  return model;
}

/**
 * The 4-bit packed initializers and the weights each holds: a MatMulNBits B holds K x N (its
 * attributes; the bytes include the padding of a partial last block), a GatherBlockQuantized
 * table two per byte.
 */
function int4Weights(graph: IGraphProto): Map<string, number> {
  const inits = new Map((graph.initializer ?? []).map((t): [string, ITensorProto] => [t.name ?? '', t]));
  const found = new Map<string, number>();
  for (const node of graph.node ?? []) {
    const attrs = new Map((node.attribute ?? []).map((a) => [a.name ?? '', Number(a.i ?? 0)]));
    const name = node.opType === 'MatMulNBits' ? node.input?.[1] : node.opType === 'GatherBlockQuantized' ? node.input?.[0] : undefined;
    const tensor = name === undefined ? undefined : inits.get(name);
    if (tensor === undefined || tensor.dataType !== DataType.UINT8 || (attrs.get('bits') ?? 4) !== 4) continue;
    const bytes = (tensor.dims ?? []).map(Number).reduce((a, b) => a * b, 1);
    found.set(name as string, node.opType === 'MatMulNBits' ? (attrs.get('K') ?? 0) * (attrs.get('N') ?? 0) : 2 * bytes);
  }
  return found;
}

/**
 * Initializers that are quantization metadata: in a scale/zero-point slot of a quantization op,
 * or named `<weight>_scale` / `<weight>_zero_point` beside a quantized `<weight>_quantized`
 * (resumator's and onnxruntime's naming, used for embedding-table row scales).
 */
function quantizationParameters(graph: IGraphProto): Set<string> {
  const names = new Set<string>();
  for (const node of graph.node ?? []) {
    for (const slot of QUANT_PARAM_SLOTS[node.opType ?? ''] ?? []) {
      const name = node.input?.[slot];
      if (name !== undefined && name !== '') names.add(name);
    }
  }
  const inits = new Map((graph.initializer ?? []).map((t): [string, ITensorProto] => [t.name ?? '', t]));
  for (const name of inits.keys()) {
    const base = name.replace(/_(scale|zero_point)$/, '');
    if (base !== name && inits.has(`${base}_quantized`)) names.add(name);
  }
  return names;
}
