/**
 * Hugging Face MPNetModel (all-mpnet-base-v2, Resumator v2) as an ONNX graph of standard
 * opset-17 ops. It is a post-LN BERT-style encoder with three differences, each as upstream:
 * no token types; position ids from the input ids (padding_idx + 1 + index for real tokens);
 * and a relative position bias, computed once from the plain positions 0..L-1 and added to
 * every layer's attention scores together with the mask bias.
 */
import {
  addAttentionBlock,
  addAttentionMaskBias,
  addEncoderConsts,
  addFeedForwardBlock,
  addLayerNorm,
  addLinear,
  addPaddingAwarePositionIds,
  addWeight,
} from '../encoder-blocks.js';
import type { EncoderCtx } from '../encoder-blocks.js';
import { addFusedEncoderLayer, fusedMaskIndex, type LayerTensorNames } from '../fused-layer.js';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import { MPNET_PADDING_IDX, MPNET_RELATIVE_BUCKETS } from './mpnet-config.js';
import type { MpnetConfig } from './mpnet-config.js';
import { requireTensor } from '../../onnx/weights.js';
import type { WeightStore } from '../../onnx/weights.js';

/** The graph inputs, in order: int64 tensors of shape [batch, sequence]. */
export const MPNET_INPUT_NAMES = ['input_ids', 'attention_mask'] as const;

/** relative_position_bucket's max_distance, fixed in MPNetEncoder. */
export const MPNET_MAX_DISTANCE = 128;

export interface MpnetGraphOptions {
  /** Prefix of the encoder tensor names, e.g. 'mpnet.' in MPNetForMaskedLM checkpoints. */
  prefix?: string;
  /** Also output `pooler_output` = tanh(dense(hidden state of the first token)), [batch, hidden]. */
  pooler?: boolean;
  /** Emit onnxruntime's fused contrib operators (see fused-layer.ts). */
  fused?: boolean;
}

const MPNET_LAYER_TENSORS: LayerTensorNames = {
  query: 'attention.attn.q',
  key: 'attention.attn.k',
  value: 'attention.attn.v',
  attentionOut: 'attention.attn.o',
  attentionNorm: 'attention.LayerNorm',
  intermediate: 'intermediate.dense',
  output: 'output.dense',
  outputNorm: 'output.LayerNorm',
};

/**
 * Builds MPNetModel as a serialised ONNX model: inputs `input_ids`, `attention_mask`; output
 * `last_hidden_state` [batch, sequence, hidden] (and `pooler_output` when asked).
 *
 * @example
 * const session = await ModelSession.create(buildMpnetGraph(config, weights));
 */
export function buildMpnetGraph(config: MpnetConfig, weights: WeightStore, options: MpnetGraphOptions = {}): Uint8Array {
  return mpnetGraphBuilder(config, weights, options).toBytes();
}

/**
 * The same graph as {@link buildMpnetGraph}, left unserialised so a converter can choose how to
 * store it (float16 weights, external data).
 */
export function mpnetGraphBuilder(config: MpnetConfig, weights: WeightStore, options: MpnetGraphOptions = {}): GraphBuilder {
  const g = new GraphBuilder();
  const prefix = options.prefix ?? '';
  const hidden = addMpnetEncoder(g, config, weights, prefix, 'last_hidden_state', options.fused === true);
  g.addOutput(hidden, 'float32', ['batch', 'sequence', config.hiddenSize]);
  if (options.pooler === true) {
    const ctx = encoderCtx(g, config, weights, prefix);
    const first = g.op('Gather', [hidden, g.addInt64('const.first_token', [0], [])], { axis: { int: 1 } });
    const dense = addLinear(ctx, first, 'pooler.dense', config.hiddenSize, config.hiddenSize);
    g.addOutput(g.op('Tanh', [dense], {}, { outputs: ['pooler_output'] }), 'float32', ['batch', config.hiddenSize]);
  }
  return g;
}

/** Adds the MPNet inputs and encoder to `g`; returns the name of the last hidden state. */
export function addMpnetEncoder(g: GraphBuilder, config: MpnetConfig, weights: WeightStore, prefix: string, outputName: string, fused = false): string {
  for (const name of MPNET_INPUT_NAMES) g.addInput(name, 'int64', ['batch', 'sequence']);
  const ctx = encoderCtx(g, config, weights, prefix);
  const consts = fused ? undefined : addEncoderConsts(g, config.hiddenSize, config.numAttentionHeads);
  let hidden = embeddings(ctx, config);
  if (consts === undefined) {
    // The relative position bias goes in as Attention's attention_bias; the mask as mask_index.
    const spec = { g, weights, prefix, hiddenSize: config.hiddenSize, intermediateSize: config.intermediateSize, numHeads: config.numAttentionHeads, layerNormEps: config.layerNormEps };
    const maskIndex = fusedMaskIndex(g);
    const attentionBias = relativePositionBias(ctx, config);
    for (let i = 0; i < config.numHiddenLayers; i++) {
      const last = i === config.numHiddenLayers - 1;
      hidden = addFusedEncoderLayer(spec, hidden, maskIndex, `encoder.layer.${i}`, MPNET_LAYER_TENSORS, last ? { outputName, attentionBias } : { attentionBias });
    }
    return hidden;
  }
  const scoreBias = g.op('Add', [relativePositionBias(ctx, config), addAttentionMaskBias(g, consts)]);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const layer = `encoder.layer.${i}`;
    const attended = addAttentionBlock(ctx, consts, hidden, scoreBias, config.numAttentionHeads, {
      query: `${layer}.attention.attn.q`,
      key: `${layer}.attention.attn.k`,
      value: `${layer}.attention.attn.v`,
      output: `${layer}.attention.attn.o`,
      layerNorm: `${layer}.attention.LayerNorm`,
    });
    const last = i === config.numHiddenLayers - 1;
    hidden = addFeedForwardBlock(ctx, consts, attended, layer, config.intermediateSize, last ? outputName : undefined);
  }
  return hidden;
}

/**
 * MPNetEncoder.relative_position_bucket with its fixed num_buckets 32 and max_distance 128:
 * `relativePosition` = key position - query position. Offsets of magnitude below 8 get their
 * own bucket, larger ones share log-spaced buckets up to 128; positive offsets (keys after the
 * query) use buckets 16..31.
 *
 * @example
 * mpnetRelativeBucket(-1); // 1
 * mpnetRelativeBucket(1); // 17
 */
export function mpnetRelativeBucket(relativePosition: number): number {
  const half = MPNET_RELATIVE_BUCKETS / 2;
  const maxExact = half / 2;
  const n = -relativePosition;
  const base = n < 0 ? half : 0;
  const distance = Math.abs(n);
  if (distance < maxExact) return base + distance;
  // Upstream evaluates this in float32 and truncates; float64 gives the same buckets for every
  // distance (the integer-valued cases 16, 32, 64 are exact in both).
  const logBucket = maxExact + Math.trunc((Math.log(distance / maxExact) / Math.log(MPNET_MAX_DISTANCE / maxExact)) * (half - maxExact));
  return base + Math.min(logBucket, half - 1);
}

function encoderCtx(g: GraphBuilder, config: MpnetConfig, weights: WeightStore, prefix: string): EncoderCtx {
  return { g, weights, prefix, hiddenSize: config.hiddenSize, layerNormEps: config.layerNormEps };
}

function embeddings(ctx: EncoderCtx, config: MpnetConfig): string {
  const { g } = ctx;
  const h = config.hiddenSize;
  const words = g.op('Gather', [addWeight(ctx, 'embeddings.word_embeddings.weight', [config.vocabSize, h]), 'input_ids'], { axis: { int: 0 } });
  const positionIds = addPaddingAwarePositionIds(g, MPNET_PADDING_IDX);
  const positionTable = addWeight(ctx, 'embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, h]);
  const positions = g.op('Gather', [positionTable, positionIds], { axis: { int: 0 } });
  return addLayerNorm(ctx, g.op('Add', [words, positions]), 'embeddings.LayerNorm');
}

/**
 * The [1, heads, L, L] relative position bias. Every bucket at offset d = key - query is the
 * same for |d| >= 128 (the largest bucket is reached at 91), so a table of the bias rows for
 * offsets -128..128, gathered from `encoder.relative_attention_bias` at build time, serves any
 * length: the graph only clips the integer offsets and gathers. No float arithmetic happens at
 * run time, so the buckets are exactly upstream's, and the table is 257 x heads floats.
 */
function relativePositionBias(ctx: EncoderCtx, config: MpnetConfig): string {
  const { g } = ctx;
  const heads = config.numAttentionHeads;
  const name = `${ctx.prefix}encoder.relative_attention_bias.weight`;
  const table = requireTensor(ctx.weights, name, [config.relativeAttentionNumBuckets, heads]).data;
  const byOffset = new Float32Array((2 * MPNET_MAX_DISTANCE + 1) * heads);
  for (let d = -MPNET_MAX_DISTANCE; d <= MPNET_MAX_DISTANCE; d++) {
    const bucket = mpnetRelativeBucket(d);
    byOffset.set(table.subarray(bucket * heads, (bucket + 1) * heads), (d + MPNET_MAX_DISTANCE) * heads);
  }
  const offsetTable = g.addFloat32(`${ctx.prefix}encoder.relative_attention_bias.by_offset`, byOffset, [2 * MPNET_MAX_DISTANCE + 1, heads]);
  const length = g.op('Squeeze', [g.op('Shape', ['input_ids'], { start: { int: 1 }, end: { int: 2 } }), g.addInt64('const.axis_0', [0], [1])]);
  const positions = g.op('Range', [g.addInt64('const.zero', [0], []), length, g.addInt64('const.one_int', [1], [])]);
  const keys = g.op('Unsqueeze', [positions, g.addInt64('const.row_axis', [0], [1])]);
  const queries = g.op('Unsqueeze', [positions, g.addInt64('const.column_axis', [1], [1])]);
  const maxDistance = g.addInt64('const.max_distance', [MPNET_MAX_DISTANCE], []);
  const minDistance = g.addInt64('const.min_distance', [-MPNET_MAX_DISTANCE], []);
  const offsets = g.op('Clip', [g.op('Sub', [keys, queries]), minDistance, maxDistance]);
  const bias = g.op('Gather', [offsetTable, g.op('Add', [offsets, maxDistance])], { axis: { int: 0 } });
  return g.op('Unsqueeze', [g.op('Transpose', [bias], { perm: { ints: [2, 0, 1] } }), g.addInt64('const.batch_axis', [0], [1])]);
}
