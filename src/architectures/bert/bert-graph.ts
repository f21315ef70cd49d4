/**
 * Hugging Face BertModel as an ONNX graph of standard opset-17 ops: embeddings, post-LN encoder
 * layers with additive-mask multi-head attention and exact erf GELU, optional pooler. With
 * padding-aware positions and no token_type_ids input it is RobertaModel / XLMRobertaModel,
 * whose modeling code is BERT's apart from the embeddings.
 */
import type { BertConfig } from './bert-config.js';
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
import { BERT_LAYER_TENSORS, addFusedEncoderLayer, fusedMaskIndex } from '../fused-layer.js';
import { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightStore } from '../../onnx/weights.js';

/** The graph inputs, in order: int64 tensors of shape [batch, sequence]. */
export const BERT_INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/**
 * How position ids are formed. 'absolute' (BERT): 0..L-1 whatever the padding.
 * `{ paddingIdx }` (RoBERTa, XLM-R): from the input ids, as create_position_ids_from_input_ids:
 * paddingIdx + 1 + index for real tokens, paddingIdx for pad tokens.
 */
export type BertPositions = 'absolute' | { paddingIdx: number };

/** How the embeddings are formed; the defaults are BertModel's. */
export interface BertEmbeddingOptions {
  positions?: BertPositions;
  /**
   * false: no `token_type_ids` input; every token gets row 0 of the token-type table, as
   * RobertaModel does when called without token_type_ids (RoBERTa tokenizers do not return them).
   */
  tokenTypeIds?: boolean;
}

/**
 * The embedding options of RobertaModel / XLMRobertaModel: position ids from the input ids with
 * padding_idx = pad_token_id, and no token_type_ids input.
 *
 * @example
 * buildBertEncoderGraph(config, weights, { ...robertaEmbeddingOptions(config), prefix: 'roberta.' });
 */
export function robertaEmbeddingOptions(config: BertConfig): Required<BertEmbeddingOptions> {
  return { positions: { paddingIdx: config.padTokenId }, tokenTypeIds: false };
}

export interface BertGraphOptions extends BertEmbeddingOptions {
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
  /**
   * Emit onnxruntime's fused contrib operators (Attention, SkipLayerNormalization, BiasGelu;
   * see fused-layer.ts) instead of standard ONNX ops: faster on onnxruntime, same outputs within
   * float32 rounding, but not loadable by runtimes without the com.microsoft domain.
   */
  fused?: boolean;
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
  const hidden = addBertEncoder(g, config, weights, options.prefix ?? '', 'last_hidden_state', options);
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
export function addBertEncoder(
  g: GraphBuilder,
  config: BertConfig,
  weights: WeightStore,
  prefix: string,
  outputName: string,
  embedding: BertEmbeddingOptions & { fused?: boolean } = {},
): string {
  const tokenTypeIds = embedding.tokenTypeIds ?? true;
  for (const name of BERT_INPUT_NAMES) {
    if (name !== 'token_type_ids' || tokenTypeIds) g.addInput(name, 'int64', ['batch', 'sequence']);
  }
  const ctx = encoderCtx(g, config, weights, prefix);
  // Created before the embeddings so the standard graph's bytes stay as they were (fixtures).
  const consts = embedding.fused === true ? undefined : addEncoderConsts(g, config.hiddenSize, config.numAttentionHeads);
  let hidden = embeddings(ctx, config, embedding.positions ?? 'absolute', tokenTypeIds);
  if (consts === undefined) {
    const spec = { g, weights, prefix, hiddenSize: config.hiddenSize, intermediateSize: config.intermediateSize, numHeads: config.numAttentionHeads, layerNormEps: config.layerNormEps };
    const maskIndex = fusedMaskIndex(g);
    for (let i = 0; i < config.numHiddenLayers; i++) {
      const last = i === config.numHiddenLayers - 1;
      hidden = addFusedEncoderLayer(spec, hidden, maskIndex, `encoder.layer.${i}`, BERT_LAYER_TENSORS, last ? { outputName } : {});
    }
    return hidden;
  }
  const maskBias = addAttentionMaskBias(g, consts);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const layer = `encoder.layer.${i}`;
    const attended = addAttentionBlock(ctx, consts, hidden, maskBias, config.numAttentionHeads, {
      query: `${layer}.attention.self.query`,
      key: `${layer}.attention.self.key`,
      value: `${layer}.attention.self.value`,
      output: `${layer}.attention.output.dense`,
      layerNorm: `${layer}.attention.output.LayerNorm`,
    });
    const last = i === config.numHiddenLayers - 1;
    hidden = addFeedForwardBlock(ctx, consts, attended, layer, config.intermediateSize, last ? outputName : undefined);
  }
  return hidden;
}

/** Adds BertPooler: tanh(dense(hidden[:, 0])); returns the [batch, hidden] output name. */
export function addBertPooler(g: GraphBuilder, config: BertConfig, weights: WeightStore, hidden: string, outputName: string, prefix = ''): string {
  const ctx = encoderCtx(g, config, weights, prefix);
  const first = g.op('Gather', [hidden, g.addInt64('const.first_token', [0], [])], { axis: { int: 1 } });
  const dense = addLinear(ctx, first, 'pooler.dense', config.hiddenSize, config.hiddenSize);
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
  const ctx = encoderCtx(g, config, weights, '');
  const logits = addLinear(ctx, pooled, 'classifier', config.hiddenSize, numLabels);
  return g.op('Identity', [logits], {}, { outputs: [outputName] });
}

function encoderCtx(g: GraphBuilder, config: BertConfig, weights: WeightStore, prefix: string): EncoderCtx {
  return { g, weights, prefix, hiddenSize: config.hiddenSize, layerNormEps: config.layerNormEps };
}

function embeddings(ctx: EncoderCtx, config: BertConfig, positions: BertPositions, tokenTypeIds: boolean): string {
  const { g } = ctx;
  const h = config.hiddenSize;
  const words = g.op('Gather', [addWeight(ctx, 'embeddings.word_embeddings.weight', [config.vocabSize, h]), 'input_ids'], { axis: { int: 0 } });
  const typeTable = addWeight(ctx, 'embeddings.token_type_embeddings.weight', [config.typeVocabSize, h]);
  const typeIndex = tokenTypeIds ? 'token_type_ids' : g.addInt64('const.token_type_zero', [0], []);
  const types = g.op('Gather', [typeTable, typeIndex], { axis: { int: 0 } });
  const positionVectors = positionEmbeddings(ctx, config, positions);
  const sum = g.op('Add', [g.op('Add', [words, types]), positionVectors]);
  return addLayerNorm(ctx, sum, 'embeddings.LayerNorm');
}

function positionEmbeddings(ctx: EncoderCtx, config: BertConfig, positions: BertPositions): string {
  const { g } = ctx;
  const tableDims = [config.maxPositionEmbeddings, config.hiddenSize];
  if (positions !== 'absolute') {
    const ids = addPaddingAwarePositionIds(g, positions.paddingIdx);
    return g.op('Gather', [addWeight(ctx, 'embeddings.position_embeddings.weight', tableDims), ids], { axis: { int: 0 } });
  }
  // Positions are 0..L-1 regardless of padding, so the first L rows of the table serve every row.
  const seqLen = g.op('Shape', ['input_ids'], { start: { int: 1 }, end: { int: 2 } });
  const zero = g.addInt64('const.zero_1d', [0], [1]);
  return g.op('Slice', [addWeight(ctx, 'embeddings.position_embeddings.weight', tableDims), zero, seqLen, zero]);
}
