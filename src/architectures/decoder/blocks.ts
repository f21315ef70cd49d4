/**
 * Standard-ONNX (opset 17) building blocks of the decoder graph, each following transformers'
 * modeling_llama / modeling_qwen2 / modeling_qwen3: RMSNorm, linear layers over PyTorch-layout
 * weights, rotary embeddings in the rotate_half layout, the causal + padding attention bias and
 * the SiLU-gated MLP (attention itself is in attention.ts).
 */
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import { DataType } from '../../onnx/proto.js';
import { requireTensor, type WeightStore } from '../../onnx/weights.js';
import type { DecoderConfig } from './config.js';
import { ATTENTION_MASK, INPUT_IDS, POSITION_IDS } from './io-names.js';
import { inverseFrequencies } from './rope-config.js';
import { transposeMatrix } from './tensors.js';

/** torch.finfo(float32).min: what transformers puts on masked scores. */
const FLOAT32_LOWEST = -3.4028234663852886e38;

export interface DecoderCtx {
  g: GraphBuilder;
  weights: WeightStore;
  config: DecoderConfig;
  /** Constants shared by all layers, from {@link addDecoderConsts}. */
  c: DecoderConsts;
}

export type DecoderConsts = ReturnType<typeof addDecoderConsts>;

/**
 * The scalars, axes and shapes the layers use, each added to the graph on first use (so a graph
 * variant carries no unused initializer); call once per graph.
 */
export function addDecoderConsts(g: GraphBuilder, config: DecoderConfig) {
  const f = (name: string, value: number) => (): string => g.addFloat32(name, Float32Array.of(value), []);
  const i = (name: string, values: number[]) => (): string => g.addInt64(name, values, [values.length]);
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim } = config;
  return lazy({
    two: f('const.two', 2),
    eps: f('const.rms_norm_eps', config.rmsNormEps),
    zeroF: f('const.zero_f', 0),
    lowest: f('const.float32_lowest', FLOAT32_LOWEST),
    scale: f('const.attention_scale', 1 / Math.sqrt(headDim)),
    zero: () => g.addInt64('const.zero', [0], []),
    one: () => g.addInt64('const.one', [1], []),
    axes0: i('const.axes_0', [0]),
    axes1: i('const.axes_1', [1]),
    axes2: i('const.axes_2', [2]),
    rotarySplit: i('const.rotary_split', [headDim / 2, headDim / 2]),
    queryHeads: i('const.query_heads_shape', [0, 0, heads, headDim]),
    kvHeads: i('const.kv_heads_shape', [0, 0, kvHeads, headDim]),
    /** [batch, kv heads, groups * seq, head_dim]: the query heads of one KV head stacked. */
    groupedQuery: i('const.grouped_query_shape', [0, kvHeads, -1, headDim]),
    ungroupedQuery: i('const.ungrouped_query_shape', [0, heads, -1, headDim]),
    groupRepeats: i('const.group_repeats', [1, heads / kvHeads, 1, 1]),
    stackGroups: i('const.stack_groups_shape', [0, 1, -1, 0]),
    mergeHeads: i('const.merge_heads_shape', [0, 0, heads * headDim]),
    flatHeads: i('const.flat_heads_shape', [0, 0, -1]),
    expandGroups: i('const.expand_groups', [1, 1, heads / kvHeads, 1, 1]),
    expandedHeads: i('const.expanded_heads_shape', [0, heads, -1, headDim]),
    int64Max: i('const.int64_max', [Number.MAX_SAFE_INTEGER]),
  });
}

/** An object whose every property is made by its factory on first read, then kept. */
function lazy<T extends Record<string, () => string>>(factories: T): { readonly [K in keyof T]: string } {
  const out: Record<string, string> = {};
  for (const [key, make] of Object.entries(factories)) {
    let value: string | undefined;
    Object.defineProperty(out, key, { get: () => (value ??= make()), enumerable: true });
  }
  return out as { readonly [K in keyof T]: string };
}

/** cos/sin of every position, [batch, seq, 1, head_dim]; the query pair carries 1/sqrt(head_dim). */
export interface RotaryTables {
  cos: string;
  sin: string;
  cosQ: string;
  sinQ: string;
}

/**
 * RMSNorm over the last axis as LlamaRMSNorm: w * x / sqrt(mean(x^2) + eps), in float32. Written
 * as Pow-ReduceMean-Add-Sqrt-Div-Mul, the pattern onnxruntime fuses into one kernel.
 */
export function addRmsNorm(ctx: DecoderCtx, x: string, name: string, size: number, outputName?: string): string {
  const { g, c } = ctx;
  const weight = g.addFloat32(`${name}.weight`, requireTensor(ctx.weights, `${name}.weight`, [size]).data, [size]);
  const meanSquare = g.op('ReduceMean', [g.op('Pow', [x, c.two])], { axes: { ints: [-1] }, keepdims: { int: 1 } });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, c.eps])]);
  return g.op('Mul', [g.op('Div', [x, rms]), weight], {}, outputName === undefined ? {} : { outputs: [outputName] });
}

/**
 * x @ W^T (+ b) with W stored [out, in]; the transposed copy `<name>.weight_t` is a plain MatMul
 * constant, the form the int8 quantizer rewrites.
 */
export function addLinear(ctx: DecoderCtx, x: string, name: string, inFeatures: number, outFeatures: number, bias: boolean): string {
  const { g } = ctx;
  const w = requireTensor(ctx.weights, `${name}.weight`, [outFeatures, inFeatures]).data;
  const product = g.op('MatMul', [x, g.addFloat32(`${name}.weight_t`, transposeMatrix(w, outFeatures, inFeatures), [inFeatures, outFeatures])]);
  if (!bias) return product;
  const b = requireTensor(ctx.weights, `${name}.bias`, [outFeatures]).data;
  return g.op('Add', [product, g.addFloat32(`${name}.bias`, b, [outFeatures])]);
}

/**
 * cos/sin of position_ids * inv_freq, computed in the graph in float32 as LlamaRotaryEmbedding
 * does (emb = cat(freqs, freqs)), once for all layers. The scaled query pair folds the attention
 * scale 1/sqrt(head_dim) into the rotation, which is linear, so no layer pays a Mul for it.
 */
export function addRotaryTables(ctx: DecoderCtx): RotaryTables {
  const { g, config, c } = ctx;
  const inv = inverseFrequencies(config.rope, config.headDim);
  const positions = g.op('Unsqueeze', [g.op('Cast', [POSITION_IDS], { to: { int: DataType.FLOAT } }), c.axes2]);
  const freqs = g.op('Mul', [positions, g.addFloat32('rotary.inv_freq', inv, [inv.length])]);
  const emb = g.op('Concat', [freqs, freqs], { axis: { int: -1 } });
  const cos = g.op('Unsqueeze', [g.op('Cos', [emb]), c.axes2]);
  const sin = g.op('Unsqueeze', [g.op('Sin', [emb]), c.axes2]);
  return { cos, sin, cosQ: g.op('Mul', [cos, c.scale]), sinQ: g.op('Mul', [sin, c.scale]) };
}

/** x * cos + rotate_half(x) * sin on [batch, seq, heads, head_dim]; rotate_half(x) = cat(-x2, x1). */
export function applyRotary(ctx: DecoderCtx, x: string, cos: string, sin: string): string {
  const { g, c } = ctx;
  const [x1, x2] = g.node('Split', [x, c.rotarySplit], { axis: { int: -1 } }, { outputCount: 2 }) as [string, string];
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: { int: -1 } });
  return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
}

/**
 * The additive attention bias [batch, seq, total]: 0 where key j may be seen by query i
 * (j <= past + i, and attention_mask[j] = 1), float32 lowest elsewhere. Causality is by storage
 * index, so left padding (and padding between a reused prefix and a suffix) is masked as keys;
 * a padded query row is fully masked, softmaxes to uniform weights and never produces NaN. One
 * boolean And then one Where, so two masks never add up to -inf.
 */
export function addAttentionBias(ctx: DecoderCtx): string {
  const { g, c } = ctx;
  const dim = (input: string, axis: number): string =>
    g.op('Squeeze', [g.op('Shape', [input], { start: { int: axis }, end: { int: axis + 1 } }), c.axes0]);
  const total = dim(ATTENTION_MASK, 1);
  const past = g.op('Sub', [total, dim(INPUT_IDS, 1)]);
  const keys = g.op('Unsqueeze', [g.op('Range', [c.zero, total, c.one]), c.axes0]);
  const queries = g.op('Unsqueeze', [g.op('Range', [past, total, c.one]), c.axes1]);
  const causal = g.op('LessOrEqual', [keys, queries]);
  const present = g.op('Unsqueeze', [g.op('Cast', [ATTENTION_MASK], { to: { int: DataType.BOOL } }), c.axes1]);
  const allowed = g.op('And', [causal, present]);
  return g.op('Where', [allowed, c.zeroF, c.lowest]);
}

/** SiLU-gated MLP: down(silu(gate(x)) * up(x)). */
export function addMlp(ctx: DecoderCtx, x: string, names: { gate: string; up: string; down: string }): string {
  const { g, config } = ctx;
  const h = config.hiddenSize;
  const inner = config.intermediateSize;
  const gate = addLinear(ctx, x, names.gate, h, inner, config.mlpBias);
  const up = addLinear(ctx, x, names.up, h, inner, config.mlpBias);
  const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
  return addLinear(ctx, activated, names.down, inner, h, config.mlpBias);
}
