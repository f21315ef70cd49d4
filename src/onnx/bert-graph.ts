/**
 * Hugging Face BertModel as an ONNX graph of standard opset-17 ops: embeddings, post-LN encoder
 * layers with additive-mask multi-head attention and exact erf GELU, optional pooler.
 */
import type { BertConfig } from './bert-config.js';
import { GraphBuilder } from './graph-builder.js';
import { DataType } from './proto.js';
import { requireTensor } from './weights.js';
import type { WeightStore } from './weights.js';

/** The graph inputs, in order: int64 tensors of shape [batch, sequence]. */
export const BERT_INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** What HF adds to masked attention scores: torch.finfo(float32).min. */
const FLOAT32_LOWEST = -3.4028234663852886e38;

export interface BertGraphOptions {
  /** Also output `pooler_output` = tanh(dense(hidden state of the first token)), [batch, hidden]. */
  pooler?: boolean;
  /** Prefix of the encoder tensor names, e.g. 'bert.' in BertForSequenceClassification. */
  prefix?: string;
  /**
   * BertForSequenceClassification: also output `logits` [batch, numLabels] = classifier(pooler
   * output), reading `classifier.weight` [numLabels, hidden] and `classifier.bias` (unprefixed,
   * as in Hugging Face checkpoints). Implies the pooler.
   */
  numLabels?: number;
}

/** The graph under construction and where its weights come from. */
interface Ctx {
  g: GraphBuilder;
  config: BertConfig;
  weights: WeightStore;
  prefix: string;
}

/** Names of constants shared by all layers. */
interface Consts {
  one: string;
  half: string;
  sqrt2: string;
  splitHeads: string;
  mergeHeads: string;
}

/**
 * Builds the encoder as a serialised ONNX model with output `last_hidden_state`
 * [batch, sequence, hidden] (and `pooler_output` when asked).
 *
 * @example
 * const session = await ModelSession.create(buildBertEncoderGraph(config, weights));
 */
export function buildBertEncoderGraph(config: BertConfig, weights: WeightStore, options: BertGraphOptions = {}): Uint8Array {
  return bertGraphBuilder(config, weights, options).toBytes();
}

/**
 * The same graph as {@link buildBertEncoderGraph}, left unserialised so a converter can choose
 * how to store it (float16 weights, external data).
 */
export function bertGraphBuilder(config: BertConfig, weights: WeightStore, options: BertGraphOptions = {}): GraphBuilder {
  const g = new GraphBuilder();
  const hidden = addBertEncoder(g, config, weights, options.prefix ?? '', 'last_hidden_state');
  g.addOutput(hidden, 'float32', ['batch', 'sequence', config.hiddenSize]);
  if (options.pooler === true || options.numLabels !== undefined) {
    const pooled = addBertPooler(g, config, weights, hidden, 'pooler_output', options.prefix ?? '');
    g.addOutput(pooled, 'float32', ['batch', config.hiddenSize]);
    if (options.numLabels !== undefined) {
      const logits = addSequenceClassifier(g, config, weights, pooled, options.numLabels, 'logits');
      g.addOutput(logits, 'float32', ['batch', options.numLabels]);
    }
  }
  return g;
}

/**
 * Adds the BERT inputs and encoder to `g`; returns the name of the last hidden state.
 * Heads (pooler, classifier) are added on top by the caller.
 */
export function addBertEncoder(g: GraphBuilder, config: BertConfig, weights: WeightStore, prefix: string, outputName: string): string {
  for (const name of BERT_INPUT_NAMES) g.addInput(name, 'int64', ['batch', 'sequence']);
  const ctx: Ctx = { g, config, weights, prefix };
  const h = config.hiddenSize;
  const heads = config.numAttentionHeads;
  const consts: Consts = {
    one: g.addFloat32('const.one', Float32Array.of(1), []),
    half: g.addFloat32('const.half', Float32Array.of(0.5), []),
    sqrt2: g.addFloat32('const.sqrt2', Float32Array.of(Math.SQRT2), []),
    // Reshape's 0 copies the input dim, so batch and sequence stay symbolic.
    splitHeads: g.addInt64('const.split_heads_shape', [0, 0, heads, h / heads], [4]),
    mergeHeads: g.addInt64('const.merge_heads_shape', [0, 0, h], [3]),
  };
  let hidden = embeddings(ctx);
  const maskBias = attentionMaskBias(ctx, consts);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const layer = `encoder.layer.${i}`;
    const attended = attentionBlock(ctx, consts, hidden, maskBias, layer);
    const last = i === config.numHiddenLayers - 1;
    hidden = feedForwardBlock(ctx, consts, attended, layer, last ? outputName : undefined);
  }
  return hidden;
}

/** Adds BertPooler: tanh(dense(hidden[:, 0])); returns the [batch, hidden] output name. */
export function addBertPooler(g: GraphBuilder, config: BertConfig, weights: WeightStore, hidden: string, outputName: string, prefix = ''): string {
  const ctx: Ctx = { g, config, weights, prefix };
  const first = g.op('Gather', [hidden, g.addInt64('const.first_token', [0], [])], { axis: { int: 1 } });
  const dense = linear(ctx, first, 'pooler.dense', config.hiddenSize, config.hiddenSize);
  return g.op('Tanh', [dense], {}, { outputs: [outputName] });
}

/**
 * Adds the sequence-classification head: dense(pooled) to `numLabels` logits. Dropout is the
 * identity at inference, so the head is one linear layer over the pooler output.
 */
export function addSequenceClassifier(
  g: GraphBuilder,
  config: BertConfig,
  weights: WeightStore,
  pooled: string,
  numLabels: number,
  outputName: string,
): string {
  const ctx: Ctx = { g, config, weights, prefix: '' };
  const logits = linear(ctx, pooled, 'classifier', config.hiddenSize, numLabels);
  return g.op('Identity', [logits], {}, { outputs: [outputName] });
}

function embeddings(ctx: Ctx): string {
  const { g, config } = ctx;
  const h = config.hiddenSize;
  const words = g.op('Gather', [weight(ctx, 'embeddings.word_embeddings.weight', [config.vocabSize, h]), 'input_ids'], { axis: { int: 0 } });
  const types = g.op('Gather', [weight(ctx, 'embeddings.token_type_embeddings.weight', [config.typeVocabSize, h]), 'token_type_ids'], {
    axis: { int: 0 },
  });
  // Positions are 0..L-1 regardless of padding, so the first L rows of the table serve every row.
  const seqLen = g.op('Shape', ['input_ids'], { start: { int: 1 }, end: { int: 2 } });
  const zero = g.addInt64('const.zero_1d', [0], [1]);
  const positionTable = weight(ctx, 'embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, h]);
  const positions = g.op('Slice', [positionTable, zero, seqLen, zero]);
  const sum = g.op('Add', [g.op('Add', [words, types]), positions]);
  return layerNorm(ctx, sum, 'embeddings.LayerNorm');
}

/** (1 - mask) * lowest as [batch, 1, 1, sequence]: computed once, added to every layer's scores. */
function attentionMaskBias(ctx: Ctx, consts: Consts): string {
  const { g } = ctx;
  const mask = g.op('Cast', ['attention_mask'], { to: { int: DataType.FLOAT } });
  const inverted = g.op('Sub', [consts.one, mask]);
  const bias = g.op('Mul', [inverted, g.addFloat32('const.float32_lowest', Float32Array.of(FLOAT32_LOWEST), [])]);
  return g.op('Unsqueeze', [bias, g.addInt64('const.mask_axes', [1, 2], [2])]);
}

function attentionBlock(ctx: Ctx, consts: Consts, x: string, maskBias: string, layer: string): string {
  const { g, config } = ctx;
  const h = config.hiddenSize;
  // Folding 1/sqrt(head_dim) into the query projection saves a Mul over every score matrix.
  const scale = 1 / Math.sqrt(h / config.numAttentionHeads);
  const heads = (name: string, perm: number[], s = 1): string =>
    g.op('Transpose', [g.op('Reshape', [linear(ctx, x, `${layer}.attention.self.${name}`, h, h, s), consts.splitHeads])], { perm: { ints: perm } });
  const q = heads('query', [0, 2, 1, 3], scale);
  const kT = heads('key', [0, 2, 3, 1]);
  const v = heads('value', [0, 2, 1, 3]);
  const scores = g.op('Add', [g.op('MatMul', [q, kT]), maskBias]);
  const probs = g.op('Softmax', [scores], { axis: { int: -1 } });
  const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } });
  const merged = g.op('Reshape', [context, consts.mergeHeads]);
  const out = linear(ctx, merged, `${layer}.attention.output.dense`, h, h);
  return layerNorm(ctx, g.op('Add', [out, x]), `${layer}.attention.output.LayerNorm`);
}

function feedForwardBlock(ctx: Ctx, consts: Consts, x: string, layer: string, outputName?: string): string {
  const { g, config } = ctx;
  const inner = linear(ctx, x, `${layer}.intermediate.dense`, config.hiddenSize, config.intermediateSize);
  // x * 0.5 * (1 + erf(x / sqrt2)) in the op order onnxruntime's GeluFusion recognises.
  const erf = g.op('Erf', [g.op('Div', [inner, consts.sqrt2])]);
  const activated = g.op('Mul', [g.op('Mul', [inner, g.op('Add', [erf, consts.one])]), consts.half]);
  const out = linear(ctx, activated, `${layer}.output.dense`, config.intermediateSize, config.hiddenSize);
  return layerNorm(ctx, g.op('Add', [out, x]), `${layer}.output.LayerNorm`, outputName);
}

/** x @ W^T + b with W stored [out, in] as in PyTorch; transposed (and scaled) at build time. */
function linear(ctx: Ctx, x: string, name: string, inFeatures: number, outFeatures: number, scale = 1): string {
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

function layerNorm(ctx: Ctx, x: string, name: string, outputName?: string): string {
  const h = ctx.config.hiddenSize;
  const gamma = weight(ctx, `${name}.weight`, [h]);
  const beta = weight(ctx, `${name}.bias`, [h]);
  const attrs = { axis: { int: -1 }, epsilon: { float: ctx.config.layerNormEps } };
  return ctx.g.op('LayerNormalization', [x, gamma, beta], attrs, outputName === undefined ? {} : { outputs: [outputName] });
}

/** Adds a checkpoint tensor unchanged as an initializer named after it. */
function weight(ctx: Ctx, name: string, dims: number[]): string {
  const full = `${ctx.prefix}${name}`;
  return ctx.g.addFloat32(full, requireTensor(ctx.weights, full, dims).data, dims);
}
