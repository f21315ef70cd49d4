/**
 * The decoder layers with onnxruntime's fused operators in place of standard-op subgraphs, for
 * measurement and as the opt-in `--fused-ops` graph: SimplifiedLayerNormalization and
 * com.microsoft SkipSimplifiedLayerNormalization (residual add + RMSNorm in one kernel),
 * com.microsoft RotaryEmbedding (cos/sin caches over max_position_embeddings), and attention by
 * com.microsoft GroupQueryAttention or MultiHeadAttention. Same maths as the standard layers;
 * checked against the same float64 reference.
 *
 * Limits of the attention kernels (onnxruntime 1.30, CPU): GroupQueryAttention refuses a
 * multi-token step on top of a cache unless batch is 1 (so batched prefix-reuse prefills fail);
 * MultiHeadAttention has no grouped-query form, so K/V are expanded to every query head per step.
 */
import { addAttentionCore, addGroupedBias, addOutputProjection } from './attention.js';
import { addLinear, addMlp, addRmsNorm, addRotaryTables, applyRotary, type DecoderCtx, type RotaryTables } from './blocks.js';
import { ATTENTION_MASK, INPUT_IDS, pastKeyName, pastValueName, POSITION_IDS, presentKeyName, presentValueName } from './io-names.js';
import { rotaryCaches } from './rope-config.js';
import { DataType } from '../../onnx/proto.js';
import { requireTensor } from '../../onnx/weights.js';
import { FINAL_NORM_NAME, layerTensorNames, type LayerTensorNames } from './tensors.js';

const MS = { domain: 'com.microsoft' };

/** Which fused operators to emit; everything not named stays standard. */
export interface ContribOps {
  norm?: boolean;
  rotary?: boolean;
  attention?: 'standard' | 'gqa' | 'mha';
}

/** The layers, as addStandardLayers in graph.ts; returns the final norm's output. */
export function addContribLayers(ctx: DecoderCtx, hidden: string, bias: string, ops: ContribOps): string {
  const { g, config } = ctx;
  const h = config.hiddenSize;
  const caches = ops.rotary === true ? addRotaryCaches(ctx) : undefined;
  const attention = ops.attention ?? 'standard';
  const groupedBias = attention === 'standard' ? addGroupedBias(ctx, bias) : g.op('Unsqueeze', [bias, ctx.c.axes1]);
  const tables = caches === undefined ? addRotaryTables(ctx) : undefined;
  const norm = (residual: string, delta: string | undefined, name: string): { normed: string; residual: string } => {
    if (ops.norm !== true) {
      const sum = delta === undefined ? residual : g.op('Add', [residual, delta]);
      return { normed: addRmsNorm(ctx, sum, name, h), residual: sum };
    }
    const weight = g.addFloat32(`${name}.weight`, requireTensor(ctx.weights, `${name}.weight`, [h]).data, [h]);
    const eps = { epsilon: { float: config.rmsNormEps } };
    if (delta === undefined) return { normed: g.op('SimplifiedLayerNormalization', [residual, weight], { axis: { int: -1 }, ...eps }), residual };
    const [normed, , , sum] = g.node('SkipSimplifiedLayerNormalization', [delta, residual, weight], eps, { ...MS, outputCount: 4 }) as [string, string, string, string];
    return { normed, residual: sum };
  };
  let state = norm(hidden, undefined, layerTensorNames(0).inputNorm);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const names = layerTensorNames(i);
    const merged = attentionBlock(ctx, state.normed, i, names, { caches, tables, attention, bias: groupedBias });
    const attended = addOutputProjection(ctx, merged, names);
    state = norm(state.residual, attended, names.postAttentionNorm);
    const mlp = addMlp(ctx, state.normed, names);
    state = norm(state.residual, mlp, i + 1 < config.numHiddenLayers ? layerTensorNames(i + 1).inputNorm : FINAL_NORM_NAME);
  }
  return state.normed;
}

interface AttentionChoice {
  caches: { cos: string; sin: string } | undefined;
  /** Standard-op cos/sin when RotaryEmbedding is not used (the unscaled pair: attention scales q itself). */
  tables: RotaryTables | undefined;
  attention: 'standard' | 'gqa' | 'mha';
  /** [batch, 1, groups * seq, total] for 'standard', [batch, 1, seq, total] otherwise. */
  bias: string;
}

function attentionBlock(ctx: DecoderCtx, x: string, layer: number, names: LayerTensorNames, choice: AttentionChoice): string {
  const { g, config, c } = ctx;
  const { q, k, v } = projections(ctx, x, names, choice);
  if (choice.attention === 'standard') {
    const q4 = g.op('Mul', [g.op('Reshape', [q, c.queryHeads]), c.scale]);
    return addAttentionCore(ctx, layer, q4, g.op('Reshape', [k, c.kvHeads]), g.op('Reshape', [v, c.kvHeads]), choice.bias);
  }
  if (choice.attention === 'gqa') {
    const batch = g.op('Shape', [INPUT_IDS], { start: { int: 0 }, end: { int: 1 } });
    const total = g.op('Shape', [ATTENTION_MASK], { start: { int: 1 }, end: { int: 2 } });
    const int32 = (t: string): string => g.op('Cast', [t], { to: { int: DataType.INT32 } });
    const seqlens = int32(g.op('Expand', [g.op('Sub', [total, c.one]), batch]));
    const totalScalar = int32(g.op('Squeeze', [total, c.axes0]));
    const inputs = [q, k, v, pastKeyName(layer), pastValueName(layer), seqlens, totalScalar, '', '', '', choice.bias];
    const attrs = { num_heads: { int: config.numAttentionHeads }, kv_num_heads: { int: config.numKeyValueHeads } };
    const [out] = g.node('GroupQueryAttention', inputs, attrs, { ...MS, outputs: [`gqa_${layer}`, presentKeyName(layer), presentValueName(layer)] });
    return out as string;
  }
  const perm = { perm: { ints: [0, 2, 1, 3] } };
  const key = g.op('Concat', [pastKeyName(layer), g.op('Transpose', [g.op('Reshape', [k, c.kvHeads])], perm)], { axis: { int: 2 } }, { outputs: [presentKeyName(layer)] });
  const value = g.op('Concat', [pastValueName(layer), g.op('Transpose', [g.op('Reshape', [v, c.kvHeads])], perm)], { axis: { int: 2 } }, { outputs: [presentValueName(layer)] });
  const attrs = { num_heads: { int: config.numAttentionHeads } };
  return g.op('MultiHeadAttention', [q, expandHeads(ctx, key), expandHeads(ctx, value), '', '', choice.bias], attrs, MS);
}

/** q [batch, seq, heads * hd], k/v [batch, seq, kv heads * hd], normed (Qwen3) and rotated; q unscaled. */
function projections(ctx: DecoderCtx, x: string, names: LayerTensorNames, choice: AttentionChoice): { q: string; k: string; v: string } {
  const { g, config, c } = ctx;
  const h = config.hiddenSize;
  let q = addLinear(ctx, x, names.q, h, config.numAttentionHeads * config.headDim, config.qkvBias);
  let k = addLinear(ctx, x, names.k, h, config.numKeyValueHeads * config.headDim, config.qkvBias);
  const v = addLinear(ctx, x, names.v, h, config.numKeyValueHeads * config.headDim, config.qkvBias);
  if (config.qkNorm) {
    q = g.op('Reshape', [addRmsNorm(ctx, g.op('Reshape', [q, c.queryHeads]), names.qNorm, config.headDim), c.flatHeads]);
    k = g.op('Reshape', [addRmsNorm(ctx, g.op('Reshape', [k, c.kvHeads]), names.kNorm, config.headDim), c.flatHeads]);
  }
  const { caches, tables } = choice;
  if (caches !== undefined) {
    const rotate = (t: string, heads: number): string =>
      g.op('RotaryEmbedding', [t, POSITION_IDS, caches.cos, caches.sin], { num_heads: { int: heads }, rotary_embedding_dim: { int: config.headDim } }, MS);
    return { q: rotate(q, config.numAttentionHeads), k: rotate(k, config.numKeyValueHeads), v };
  }
  if (tables === undefined) throw new Error('unreachable: rotary tables exist when RotaryEmbedding is not used');
  const rotate = (t: string, heads: string): string => g.op('Reshape', [applyRotary(ctx, g.op('Reshape', [t, heads]), tables.cos, tables.sin), c.flatHeads]);
  return { q: rotate(q, c.queryHeads), k: rotate(k, c.kvHeads), v };
}

/** [batch, kv heads, total, hd] -> [batch, heads, total, hd], each KV head repeated for its group. */
function expandHeads(ctx: DecoderCtx, cache: string): string {
  const { g, c } = ctx;
  const unsqueezed = g.op('Unsqueeze', [cache, c.axes2]);
  const target = g.op('Mul', [g.op('Shape', [unsqueezed]), c.expandGroups]);
  return g.op('Reshape', [g.op('Expand', [unsqueezed, target]), c.expandedHeads]);
}

/** cos/sin caches [max_position_embeddings, hd / 2] for RotaryEmbedding. */
function addRotaryCaches(ctx: DecoderCtx): { cos: string; sin: string } {
  const { g, config } = ctx;
  const { cos, sin } = rotaryCaches(config.rope, config.headDim, config.maxPositionEmbeddings);
  const dims = [config.maxPositionEmbeddings, config.headDim / 2];
  return { cos: g.addFloat32('rotary.cos_cache', cos, dims), sin: g.addFloat32('rotary.sin_cache', sin, dims) };
}
