/**
 * Quantization of an ONNX model, as a rewrite of its protobuf. Every MatMul whose B is a 2-D
 * float32 initializer gets
 * - int8 (dynamic): int8 weights with per-output-channel symmetric scales, activations quantized
 *   by onnxruntime at run time; or
 * - int4 (weight-only): com.microsoft MatMulNBits with 4-bit blocks of 32 along K;
 * and large embedding tables get per-row int8 values dequantized after the lookup (both types).
 * Everything else, biases included, stays float32; graph inputs and outputs are untouched.
 */
import { ModelError, UsageError } from '../errors.js';
import { decodeOnnxModel, QUANTIZATION_OPS } from '../onnx/graph-summary.js';
import { DataType, onnx } from '../onnx/proto.js';
import type { IGraphProto, INodeProto, ModelProto } from '../onnx/proto.js';
import { MatMulNBitsRewriter, type AccuracyLevel } from './matmul-nbits-rewrite.js';
import { MatMulRewriter, MICROSOFT_DOMAIN, type QuantizeEncoding } from './matmul-rewrite.js';
import { inlineExternalData, type ExternalReader } from './external-data.js';
import { elementCount, isExternal, tensorDims, toNumber } from './onnx-tensors.js';
import { Int4TableRewriter } from './int4-table-rewrite.js';
import { RewriteState } from './rewrite-state.js';
import { TableRewriter } from './table-rewrite.js';

export { QUANTIZE_ENCODINGS, type QuantizeEncoding } from './matmul-rewrite.js';
export { ACCURACY_LEVELS, type AccuracyLevel } from './matmul-nbits-rewrite.js';

/** What the MatMul weights become: int8 (dynamic quantization) or int4 (weight-only, MatMulNBits). */
export type QuantizeType = 'int8' | 'int4';
export const QUANTIZE_TYPES: readonly QuantizeType[] = ['int8', 'int4'];

/** int4's default accuracy level (docs/models.md, Quantization, has the measurements). */
export const DEFAULT_ACCURACY_LEVEL: AccuracyLevel = 4;

export interface QuantizeOptions {
  /** Default 'int8'. */
  type?: QuantizeType;
  /** int4 only: MatMulNBits accuracy_level; default DEFAULT_ACCURACY_LEVEL. */
  accuracyLevel?: AccuracyLevel;
  /**
   * int8 only. Default 'contrib': what onnxruntime runs anyway, without relying on its fusion
   * pass; the two measured the same speed within noise (docs/models.md, Quantization).
   */
  encoding?: QuantizeEncoding;
  /** Also quantize embedding tables (word and position embeddings); default true. */
  embeddings?: boolean;
  /** The model file, named in errors. */
  file?: string;
  /**
   * Reads initializers kept in ONNX external data; without it such a model is refused. Their
   * bytes are inlined, so the int8 model is one self-contained file.
   */
  readExternal?: ExternalReader;
}

export interface QuantizeStats {
  type: QuantizeType;
  /** int8: how the MatMuls are written; int4 is always com.microsoft MatMulNBits ('contrib'). */
  encoding: QuantizeEncoding;
  /** int4: the MatMulNBits accuracy_level; undefined for int8. */
  accuracyLevel: AccuracyLevel | undefined;
  /** MatMul nodes rewritten (to int8 or to MatMulNBits). */
  matmuls: number;
  /** Embedding tables stored as int8. */
  embeddingTables: number;
  /** Weights now stored as int8. */
  int8Parameters: number;
  /** Weights now stored as 4-bit codes. */
  int4Parameters: number;
  /** Weights left float32 (biases, LayerNorm, small tables); scales not counted. */
  float32Parameters: number;
  inputBytes: number;
  outputBytes: number;
}

export interface QuantizedModel {
  bytes: Uint8Array;
  stats: QuantizeStats;
  /** External data files the source referenced (now inlined), as the model names them. */
  externalFiles: string[];
}

/**
 * Quantizes a serialised ONNX model; returns the new model's bytes and what changed.
 *
 * @throws ModelError when the model is not decodable, is already quantized, has no MatMul
 *   with a constant float32 weight, or keeps weights in external data.
 * @example
 * const { bytes, stats } = quantizeOnnx(await readFile('model.onnx'));
 * stats.matmuls; // 36 for a 6-layer BERT
 */
export function quantizeOnnx(bytes: Uint8Array, options: QuantizeOptions = {}): QuantizedModel {
  const type = options.type ?? 'int8';
  const encoding = options.encoding ?? 'contrib';
  if (type === 'int4' && encoding !== 'contrib') throw new UsageError('int4 weights exist only as com.microsoft MatMulNBits: the standard encoding applies to int8');
  if (type === 'int8' && options.accuracyLevel !== undefined) throw new UsageError('the accuracy level applies to int4 (MatMulNBits) only');
  const accuracyLevel = type === 'int4' ? (options.accuracyLevel ?? DEFAULT_ACCURACY_LEVEL) : undefined;
  const { file } = options;
  const model = decodeOnnxModel(bytes, file);
  const graph = model.graph as IGraphProto;
  assertNotQuantized(graph, file);
  const externalFiles = inlineExternal(graph, options.readExternal, file);
  if (encoding === 'standard') requireOpset(model, 11, file);
  const state = new RewriteState(graph, file);
  const nodes: INodeProto[] = [];
  let prologue: INodeProto[] = [];
  if (accuracyLevel === undefined) {
    const matmuls = new MatMulRewriter(state, encoding);
    const tables = options.embeddings === false ? undefined : new TableRewriter(state);
    for (const node of graph.node ?? []) nodes.push(...(matmuls.rewrite(node) ?? tables?.rewrite(node) ?? [node]));
  } else {
    const matmuls = new MatMulNBitsRewriter(state, accuracyLevel);
    // Row gathers become GatherBlockQuantized; other row reads (BERT's Slice of positions) int8 rows.
    const tables = options.embeddings === false ? undefined : new Int4TableRewriter(state, matmuls);
    const rows = options.embeddings === false ? undefined : new TableRewriter(state);
    for (const node of graph.node ?? []) nodes.push(...(matmuls.rewrite(node) ?? tables?.rewrite(node) ?? rows?.rewrite(node) ?? [node]));
    prologue = tables?.prologue ?? [];
  }
  if (state.matmuls === 0) throw new ModelError('nothing to quantize: no MatMul has a 2-D float32 weight initializer', file);
  graph.node = [...prologue, ...nodes].filter((n) => !state.removed.has(n));
  graph.initializer = [...(graph.initializer ?? []).filter((t) => !state.replaced.has(t.name ?? '')), ...state.added];
  if ((type === 'int4' || encoding === 'contrib') && !(model.opsetImport ?? []).some((o) => o.domain === MICROSOFT_DOMAIN)) {
    model.opsetImport = [...(model.opsetImport ?? []), { domain: MICROSOFT_DOMAIN, version: 1 }];
  }
  const out = onnx.ModelProto.encode(model).finish();
  let int8Parameters = 0;
  let float32Parameters = 0;
  for (const t of graph.initializer) {
    if (state.quantParams.has(t.name ?? '') || tensorDims(t).length === 0) continue;
    if (t.dataType === DataType.INT8) int8Parameters += elementCount(t);
    else if (t.dataType === DataType.FLOAT) float32Parameters += elementCount(t);
  }
  return {
    bytes: out,
    externalFiles,
    stats: {
      type,
      encoding,
      accuracyLevel,
      matmuls: state.matmuls,
      embeddingTables: state.tables,
      int8Parameters,
      int4Parameters: state.int4Parameters,
      float32Parameters,
      inputBytes: bytes.length,
      outputBytes: out.length,
    },
  };
}

function inlineExternal(graph: IGraphProto, read: ExternalReader | undefined, file: string | undefined): string[] {
  const external = (graph.initializer ?? []).find(isExternal);
  if (external === undefined) return [];
  if (read === undefined) {
    throw new ModelError(`initializer '${external.name}' keeps its data in an external file; quantize the model directory so that the file can be read`, file);
  }
  return inlineExternalData(graph, read);
}

function assertNotQuantized(graph: IGraphProto, file: string | undefined): void {
  const op = (graph.node ?? []).find((n) => QUANTIZATION_OPS.has(n.opType ?? ''))?.opType;
  const int8 = (graph.initializer ?? []).find((t) => t.dataType === DataType.INT8 || t.dataType === DataType.UINT8)?.name;
  if (op !== undefined || int8 !== undefined) {
    const why = op !== undefined ? `it contains ${op} nodes` : `initializer '${int8}' is already 8-bit`;
    throw new ModelError(`the model is already quantized (${why}); quantize the float32 model instead`, file);
  }
}

function requireOpset(model: ModelProto, minimum: number, file: string | undefined): void {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  const version = toNumber(entry?.version as number | undefined);
  if (version < minimum) throw new ModelError(`the standard int8 encoding needs ONNX opset >= ${minimum}; the model declares ${version}`, file);
}
