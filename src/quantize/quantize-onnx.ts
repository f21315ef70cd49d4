/**
 * Dynamic int8 quantization of an ONNX model, as a rewrite of its protobuf: every MatMul whose
 * B is a 2-D float32 initializer gets int8 weights with per-output-channel symmetric scales
 * (activations are quantized by onnxruntime at run time), and large embedding tables get
 * per-row int8 values dequantized after the lookup. Everything else, biases included, stays
 * float32; graph inputs and outputs are untouched.
 */
import { ModelError } from '../errors.js';
import { decodeOnnxModel, QUANTIZATION_OPS } from '../onnx/graph-summary.js';
import { DataType, onnx } from '../onnx/proto.js';
import type { IGraphProto, INodeProto, ModelProto } from '../onnx/proto.js';
import { MatMulRewriter, MICROSOFT_DOMAIN, type QuantizeEncoding } from './matmul-rewrite.js';
import { inlineExternalData, type ExternalReader } from './external-data.js';
import { elementCount, isExternal, tensorDims, toNumber } from './onnx-tensors.js';
import { RewriteState } from './rewrite-state.js';
import { TableRewriter } from './table-rewrite.js';

export { QUANTIZE_ENCODINGS, type QuantizeEncoding } from './matmul-rewrite.js';

export interface QuantizeOptions {
  /**
   * Default 'contrib': what onnxruntime runs anyway, without relying on its fusion pass; the
   * two measured the same speed within noise (docs/models.md, Quantization).
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
  encoding: QuantizeEncoding;
  /** MatMul nodes rewritten to int8. */
  matmuls: number;
  /** Embedding tables stored as int8. */
  embeddingTables: number;
  /** Weights now stored as int8. */
  int8Parameters: number;
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
  const encoding = options.encoding ?? 'contrib';
  const { file } = options;
  const model = decodeOnnxModel(bytes, file);
  const graph = model.graph as IGraphProto;
  assertNotQuantized(graph, file);
  const externalFiles = inlineExternal(graph, options.readExternal, file);
  if (encoding === 'standard') requireOpset(model, 11, file);
  const state = new RewriteState(graph, file);
  const matmuls = new MatMulRewriter(state, encoding);
  const tables = options.embeddings === false ? undefined : new TableRewriter(state);
  const nodes: INodeProto[] = [];
  for (const node of graph.node ?? []) nodes.push(...(matmuls.rewrite(node) ?? tables?.rewrite(node) ?? [node]));
  if (state.matmuls === 0) throw new ModelError('nothing to quantize: no MatMul has a 2-D float32 weight initializer', file);
  graph.node = nodes.filter((n) => !state.removed.has(n));
  graph.initializer = [...(graph.initializer ?? []).filter((t) => !state.replaced.has(t.name ?? '')), ...state.added];
  if (encoding === 'contrib' && !(model.opsetImport ?? []).some((o) => o.domain === MICROSOFT_DOMAIN)) {
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
    stats: { encoding, matmuls: state.matmuls, embeddingTables: state.tables, int8Parameters, float32Parameters, inputBytes: bytes.length, outputBytes: out.length },
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
