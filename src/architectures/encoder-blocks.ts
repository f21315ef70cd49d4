/**
 * The building blocks that post-LN transformer encoders of the BERT family (BERT, RoBERTa,
 * XLM-R, MPNet) share, as standard opset-17 ops: linear layers over PyTorch-layout weights,
 * LayerNormalization, the additive attention mask, multi-head attention and the erf-GELU
 * feed-forward block. Each architecture's graph module wires them with its own tensor names.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { DataType } from '../onnx/proto.js';
import { requireTensor } from '../onnx/weights.js';
import type { WeightStore } from '../onnx/weights.js';

/** What HF adds to masked attention scores: torch.finfo(float32).min. */
const FLOAT32_LOWEST = -3.4028234663852886e38;

/** The graph under construction, where its weights come from and the encoder's width. */
export interface EncoderCtx {
  g: GraphBuilder;
  weights: WeightStore;
  /** Prepended to every tensor name, e.g. 'bert.' in BertForSequenceClassification. */
  prefix: string;
  hiddenSize: number;
  layerNormEps: number;
}

/** Names of constants shared by all layers. */
export interface EncoderConsts {
  one: string;
  half: string;
  sqrt2: string;
  splitHeads: string;
  mergeHeads: string;
}

/** Checkpoint names of one attention block's tensors (without `.weight` / `.bias`). */
export interface AttentionNames {
  query: string;
  key: string;
  value: string;
  output: string;
  layerNorm: string;
}

/** Adds the constants every layer uses; call once per graph. */
export function addEncoderConsts(g: GraphBuilder, hiddenSize: number, numHeads: number): EncoderConsts {
  return {
    one: g.addFloat32('const.one', Float32Array.of(1), []),
    half: g.addFloat32('const.half', Float32Array.of(0.5), []),
    sqrt2: g.addFloat32('const.sqrt2', Float32Array.of(Math.SQRT2), []),
    // Reshape's 0 copies the input dim, so batch and sequence stay symbolic.
    splitHeads: g.addInt64('const.split_heads_shape', [0, 0, numHeads, hiddenSize / numHeads], [4]),
    mergeHeads: g.addInt64('const.merge_heads_shape', [0, 0, hiddenSize], [3]),
  };
}

/**
 * (1 - attention_mask) * lowest as [batch, 1, 1, sequence], from the graph input
 * `attention_mask`: computed once and added to every layer's scores.
 */
export function addAttentionMaskBias(g: GraphBuilder, consts: EncoderConsts): string {
  const mask = g.op('Cast', ['attention_mask'], { to: { int: DataType.FLOAT } });
  const inverted = g.op('Sub', [consts.one, mask]);
  const bias = g.op('Mul', [inverted, g.addFloat32('const.float32_lowest', Float32Array.of(FLOAT32_LOWEST), [])]);
  return g.op('Unsqueeze', [bias, g.addInt64('const.mask_axes', [1, 2], [2])]);
}

/**
 * Position ids from the graph input `input_ids` as Hugging Face's
 * create_position_ids_from_input_ids (RoBERTa, XLM-R, MPNet): tokens that are not `paddingIdx`
 * get paddingIdx + 1 + (count of non-pad tokens before them), pad tokens get paddingIdx.
 * Returns an int64 [batch, sequence] tensor name.
 */
export function addPaddingAwarePositionIds(g: GraphBuilder, paddingIdx: number): string {
  const pad = g.addInt64('const.padding_idx', [paddingIdx], []);
  const isPad = g.op('Equal', ['input_ids', pad]);
  const notPad = g.op('Cast', [g.op('Not', [isPad])], { to: { int: DataType.INT64 } });
  const counts = g.op('CumSum', [notPad, g.addInt64('const.sequence_axis', [1], [])]);
  return g.op('Add', [g.op('Mul', [counts, notPad]), pad]);
}

/**
 * Multi-head self-attention plus residual and LayerNorm: LayerNorm(o(softmax(qk^T/sqrt(d) +
 * bias) v) + x). `bias` broadcasts to [batch, heads, sequence, sequence].
 */
export function addAttentionBlock(ctx: EncoderCtx, consts: EncoderConsts, x: string, bias: string, numHeads: number, names: AttentionNames): string {
  const { g } = ctx;
  const h = ctx.hiddenSize;
  // Folding 1/sqrt(head_dim) into the query projection saves a Mul over every score matrix.
  const scale = 1 / Math.sqrt(h / numHeads);
  const heads = (name: string, perm: number[], s = 1): string =>
    g.op('Transpose', [g.op('Reshape', [addLinear(ctx, x, name, h, h, s), consts.splitHeads])], { perm: { ints: perm } });
  const q = heads(names.query, [0, 2, 1, 3], scale);
  const kT = heads(names.key, [0, 2, 3, 1]);
  const v = heads(names.value, [0, 2, 1, 3]);
  const scores = g.op('Add', [g.op('MatMul', [q, kT]), bias]);
  const probs = g.op('Softmax', [scores], { axis: { int: -1 } });
  const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } });
  const merged = g.op('Reshape', [context, consts.mergeHeads]);
  const out = addLinear(ctx, merged, names.output, h, h);
  return addLayerNorm(ctx, g.op('Add', [out, x]), names.layerNorm);
}

/**
 * The feed-forward block under `layer` (HF names `intermediate.dense`, `output.dense`,
 * `output.LayerNorm`): LayerNorm(dense(gelu(dense(x))) + x) with the exact erf GELU.
 */
export function addFeedForwardBlock(ctx: EncoderCtx, consts: EncoderConsts, x: string, layer: string, intermediateSize: number, outputName?: string): string {
  const { g } = ctx;
  const inner = addLinear(ctx, x, `${layer}.intermediate.dense`, ctx.hiddenSize, intermediateSize);
  // x * 0.5 * (1 + erf(x / sqrt2)) in the op order onnxruntime's GeluFusion recognises.
  const erf = g.op('Erf', [g.op('Div', [inner, consts.sqrt2])]);
  const activated = g.op('Mul', [g.op('Mul', [inner, g.op('Add', [erf, consts.one])]), consts.half]);
  const out = addLinear(ctx, activated, `${layer}.output.dense`, intermediateSize, ctx.hiddenSize);
  return addLayerNorm(ctx, g.op('Add', [out, x]), `${layer}.output.LayerNorm`, outputName);
}

/**
 * x @ W^T + b with W stored [out, in] as in PyTorch; transposed (and scaled) at build time into
 * an initializer named `<name>.weight_t`.
 */
export function addLinear(ctx: EncoderCtx, x: string, name: string, inFeatures: number, outFeatures: number, scale = 1): string {
  const w = requireTensor(ctx.weights, `${ctx.prefix}${name}.weight`, [outFeatures, inFeatures]).data;
  const b = requireTensor(ctx.weights, `${ctx.prefix}${name}.bias`, [outFeatures]).data;
  const wT = new Float32Array(inFeatures * outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) wT[i * outFeatures + o] = (w[o * inFeatures + i] as number) * scale;
  }
  const bias = scale === 1 ? b : b.map((v) => v * scale);
  const product = ctx.g.op('MatMul', [x, ctx.g.addFloat32(`${ctx.prefix}${name}.weight_t`, wT, [inFeatures, outFeatures])]);
  return ctx.g.op('Add', [product, ctx.g.addFloat32(`${ctx.prefix}${name}.bias`, bias, [outFeatures])]);
}

/** LayerNormalization over the last axis with `<name>.weight` / `<name>.bias` and the ctx's eps. */
export function addLayerNorm(ctx: EncoderCtx, x: string, name: string, outputName?: string): string {
  const h = ctx.hiddenSize;
  const gamma = addWeight(ctx, `${name}.weight`, [h]);
  const beta = addWeight(ctx, `${name}.bias`, [h]);
  const attrs = { axis: { int: -1 }, epsilon: { float: ctx.layerNormEps } };
  return ctx.g.op('LayerNormalization', [x, gamma, beta], attrs, outputName === undefined ? {} : { outputs: [outputName] });
}

/** Adds a checkpoint tensor unchanged as an initializer named after it. */
export function addWeight(ctx: EncoderCtx, name: string, dims: number[]): string {
  const full = `${ctx.prefix}${name}`;
  return ctx.g.addFloat32(full, requireTensor(ctx.weights, full, dims).data, dims);
}
