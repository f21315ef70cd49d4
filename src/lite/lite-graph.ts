/**
 * The lite model's ONNX graph: a bag of word vectors.
 *
 *   input_ids, attention_mask [batch, seq]
 *   -> Gather vectors [batch, seq, dim] and weights [batch, seq] by id
 *   -> sum over positions of weight · mask · vector              [batch, dim]
 *   -> optionally x - (x·u) u  (common-component removal)
 *   -> x / max(||x||, 1e-12) -> sentence_embedding               [batch, dim]
 *
 * The sum is not divided by the token count: any positive per-text factor cancels in the L2
 * normalisation (and commutes with the linear projection), and skipping it avoids 0/0 for a
 * text without known words, whose embedding is then exactly zero (cosine 0 with everything).
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { DataType } from '../onnx/proto.js';
import { ModelError } from '../errors.js';

export interface LiteGraphWeights {
  /** Row-major [vocab x dim]; rows of the pad and unknown ids are zero. */
  table: Float32Array;
  /** One pooling weight per id: 1 (mean) or a / (a + p(w)) (SIF); 0 for pad and unknown. */
  weights: Float32Array;
  dim: number;
  /** Unit vector u of length dim to project out, or undefined to keep the sum as is. */
  common?: Float32Array;
}

/** Matches sentence-transformers' Normalize: x / max(||x||, 1e-12). */
const NORM_EPS = 1e-12;

/**
 * Serialises the lite graph.
 *
 * @example
 * const bytes = buildLiteGraph({ table, weights, dim: 100 });
 * await writeFile('model.onnx', bytes);
 */
export function buildLiteGraph(parts: LiteGraphWeights): Uint8Array {
  const { table, weights, dim, common } = parts;
  const vocab = weights.length;
  if (table.length !== vocab * dim) throw new ModelError(`lite graph: table holds ${table.length} values, expected ${vocab} x ${dim}`);
  if (common !== undefined && common.length !== dim) throw new ModelError(`lite graph: common component has ${common.length} values, expected ${dim}`);
  const g = new GraphBuilder({ graphName: 'lite' });
  g.addInput('input_ids', 'int64', ['batch', 'sequence']);
  g.addInput('attention_mask', 'int64', ['batch', 'sequence']);
  const vectors = g.op('Gather', [g.addFloat32('word_vectors', table, [vocab, dim]), 'input_ids'], { axis: { int: 0 } });
  const tokenWeights = g.op('Gather', [g.addFloat32('word_weights', weights, [vocab]), 'input_ids'], { axis: { int: 0 } });
  const mask = g.op('Cast', ['attention_mask'], { to: { int: DataType.FLOAT } });
  const scale = g.op('Unsqueeze', [g.op('Mul', [tokenWeights, mask]), g.addInt64('const.last_axis', [2], [1])]);
  const axis1 = g.addInt64('const.sequence_axis', [1], [1]);
  let pooled = g.op('ReduceSum', [g.op('Mul', [vectors, scale]), axis1], { keepdims: { int: 0 } });
  if (common !== undefined) {
    const projection = g.op('MatMul', [pooled, g.addFloat32('common_component_column', common, [dim, 1])]);
    pooled = g.op('Sub', [pooled, g.op('Mul', [projection, g.addFloat32('common_component_row', common, [1, dim])])]);
  }
  const squares = g.op('ReduceSum', [g.op('Mul', [pooled, pooled]), axis1], { keepdims: { int: 1 } });
  const norm = g.op('Max', [g.op('Sqrt', [squares]), g.addFloat32('const.norm_eps', Float32Array.of(NORM_EPS), [])]);
  g.op('Div', [pooled, norm], {}, { outputs: ['sentence_embedding'] });
  g.addOutput('sentence_embedding', 'float32', ['batch', dim]);
  return g.toBytes();
}
