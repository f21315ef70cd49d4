/**
 * Grouped-query self-attention over the KV cache in standard ONNX ops, as LlamaAttention /
 * Qwen2Attention / Qwen3Attention compute it (eager path), without materialising repeated K/V:
 * the query heads that share a KV head are stacked into one [groups * seq, head_dim] matrix per
 * KV head, so each KV head is one MatMul against its cache, not `groups` broadcast ones.
 */
import type { RotaryTables, DecoderCtx } from './blocks.js';
import { addLinear, addRmsNorm, applyRotary } from './blocks.js';
import { pastKeyName, pastValueName, presentKeyName, presentValueName } from './io-names.js';
import type { LayerTensorNames } from './tensors.js';

/**
 * The bias of {@link addAttentionBias} ([batch, seq, total]) repeated for every query head of a
 * group, as [batch, 1, groups * seq, total] to match the stacked scores; built once per graph.
 */
export function addGroupedBias(ctx: DecoderCtx, bias: string): string {
  const { g, c } = ctx;
  const tiled = g.op('Tile', [g.op('Unsqueeze', [bias, c.axes1]), c.groupRepeats]);
  return g.op('Reshape', [tiled, c.stackGroups]);
}

/** Projections, per-head norms (Qwen3) and rotation: q [batch, seq, heads, hd], k/v [batch, seq, kv heads, hd]. */
export function addQkv(ctx: DecoderCtx, x: string, names: LayerTensorNames, rotary: RotaryTables | undefined): { q: string; k: string; v: string } {
  const { g, config, c } = ctx;
  const h = config.hiddenSize;
  const qWidth = config.numAttentionHeads * config.headDim;
  const kvWidth = config.numKeyValueHeads * config.headDim;
  let q = g.op('Reshape', [addLinear(ctx, x, names.q, h, qWidth, config.qkvBias), c.queryHeads]);
  let k = g.op('Reshape', [addLinear(ctx, x, names.k, h, kvWidth, config.qkvBias), c.kvHeads]);
  const v = g.op('Reshape', [addLinear(ctx, x, names.v, h, kvWidth, config.qkvBias), c.kvHeads]);
  if (config.qkNorm) {
    q = addRmsNorm(ctx, q, names.qNorm, config.headDim);
    k = addRmsNorm(ctx, k, names.kNorm, config.headDim);
  }
  if (rotary !== undefined) {
    q = applyRotary(ctx, q, rotary.cosQ, rotary.sinQ);
    k = applyRotary(ctx, k, rotary.cos, rotary.sin);
  }
  return { q, k, v };
}

/**
 * Appends this step's k/v ([batch, seq, kv heads, hd]) to the layer's past inputs; returns the
 * present outputs [batch, kv heads, past + seq, hd], named as graph outputs.
 */
export function addCacheUpdate(ctx: DecoderCtx, layer: number, k: string, v: string): { key: string; value: string } {
  const { g } = ctx;
  const perm = { perm: { ints: [0, 2, 1, 3] } };
  const key = g.op('Concat', [pastKeyName(layer), g.op('Transpose', [k], perm)], { axis: { int: 2 } }, { outputs: [presentKeyName(layer)] });
  const value = g.op('Concat', [pastValueName(layer), g.op('Transpose', [v], perm)], { axis: { int: 2 } }, { outputs: [presentValueName(layer)] });
  return { key, value };
}

/**
 * One attention block: softmax(q k^T + bias) v over the whole cache, then o_proj. The query is
 * already scaled by 1/sqrt(head_dim) (folded into its rotation). Returns [batch, seq, hidden].
 */
export function addAttention(ctx: DecoderCtx, x: string, layer: number, names: LayerTensorNames, rotary: RotaryTables, groupedBias: string): string {
  const { q, k, v } = addQkv(ctx, x, names, rotary);
  return addOutputProjection(ctx, addAttentionCore(ctx, layer, q, k, v, groupedBias), names);
}

/**
 * Cache update and attention of scaled, rotated q [batch, seq, heads, hd] and k, v [batch, seq,
 * kv heads, hd]; returns the merged heads [batch, seq, heads * hd].
 */
export function addAttentionCore(ctx: DecoderCtx, layer: number, q: string, k: string, v: string, groupedBias: string): string {
  const { g, c } = ctx;
  const present = addCacheUpdate(ctx, layer, k, v);
  const stacked = g.op('Reshape', [g.op('Transpose', [q], { perm: { ints: [0, 2, 1, 3] } }), c.groupedQuery]);
  const keysT = g.op('Transpose', [present.key], { perm: { ints: [0, 1, 3, 2] } });
  const scores = g.op('Add', [g.op('MatMul', [stacked, keysT]), groupedBias]);
  const probs = g.op('Softmax', [scores], { axis: { int: -1 } });
  const context = g.op('Reshape', [g.op('MatMul', [probs, present.value]), c.ungroupedQuery]);
  return g.op('Reshape', [g.op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), c.mergeHeads]);
}

/** o_proj over the merged heads. */
export function addOutputProjection(ctx: DecoderCtx, merged: string, names: LayerTensorNames): string {
  const { config } = ctx;
  return addLinear(ctx, merged, names.o, config.numAttentionHeads * config.headDim, config.hiddenSize, config.outputBias);
}
