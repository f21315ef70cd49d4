/**
 * An independent float64 BertModel forward pass with plain loops, written from the Hugging Face
 * modeling code, to check the ONNX graph against. Shares nothing with src/architectures/bert/bert-graph.ts
 * except the weight store it reads.
 */
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { at, dense, get, layerNorm, referenceEncoderLayer, row, type ReferenceAttentionNames } from './reference-ops.js';

const BERT_ATTENTION: ReferenceAttentionNames = {
  query: 'attention.self.query',
  key: 'attention.self.key',
  value: 'attention.self.value',
  output: 'attention.output.dense',
  outputNorm: 'attention.output.LayerNorm',
};

export interface ReferenceBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
}

export interface ReferenceOutput {
  /** [batch * sequence * hidden], row-major. */
  lastHiddenState: Float32Array;
  /** [batch * hidden]: tanh(dense(first token)). */
  poolerOutput: Float32Array;
}

/**
 * Where position ids come from: 'absolute' as BertModel (0..L-1), `{ paddingIdx }` as
 * RobertaModel / XLMRobertaModel (create_position_ids_from_input_ids).
 */
export type ReferencePositions = 'absolute' | { paddingIdx: number };

/** Runs every sequence of the (already padded, rectangular) batch through BertModel. */
export function referenceBertForward(
  config: BertConfig,
  weights: WeightStore,
  batch: ReferenceBatch,
  positions: ReferencePositions = 'absolute',
): ReferenceOutput {
  const h = config.hiddenSize;
  const seqLen = batch.inputIds[0]?.length ?? 0;
  const lastHiddenState = new Float32Array(batch.inputIds.length * seqLen * h);
  const poolerOutput = new Float32Array(batch.inputIds.length * h);
  batch.inputIds.forEach((ids, b) => {
    const mask = row(batch.attentionMask, b);
    const types = row(batch.tokenTypeIds, b);
    let x = embed(config, weights, ids, types, referencePositionIds(ids, positions));
    for (let l = 0; l < config.numHiddenLayers; l++) x = referenceEncoderLayer(weights, `encoder.layer.${l}`, BERT_ATTENTION, config, x, mask);
    lastHiddenState.set(x, b * seqLen * h);
    const pooled = dense(weights, 'pooler.dense', x.subarray(0, h), 1).map(Math.tanh);
    poolerOutput.set(pooled, b * h);
  });
  return { lastHiddenState, poolerOutput };
}

/**
 * BertForSequenceClassification logits [batch * numLabels]: `classifier` over the pooler output.
 * `weights` holds the encoder under `prefix` (e.g. 'bert.') and the unprefixed classifier.
 */
export function referenceClassifierLogits(config: BertConfig, weights: WeightStore, batch: ReferenceBatch, prefix = 'bert.'): Float32Array {
  const encoder: WeightStore = new Map();
  for (const [name, tensor] of weights) if (name.startsWith(prefix)) encoder.set(name.slice(prefix.length), tensor);
  const { poolerOutput } = referenceBertForward(config, encoder, batch);
  return Float32Array.from(dense(weights, 'classifier', Float64Array.from(poolerOutput), batch.inputIds.length));
}

/**
 * RoBERTa (and MPNet: the same create_position_ids_from_input_ids) numbers the non-pad tokens
 * from paddingIdx + 1 in order and gives pads paddingIdx, as fairseq's make_positions; BERT
 * numbers every slot 0..L-1.
 */
export function referencePositionIds(ids: number[], positions: ReferencePositions): number[] {
  if (positions === 'absolute') return ids.map((_, t) => t);
  let seen = 0;
  return ids.map((id) => {
    if (id === positions.paddingIdx) return positions.paddingIdx;
    seen += 1;
    return positions.paddingIdx + seen;
  });
}

function embed(config: BertConfig, weights: WeightStore, ids: number[], types: number[], positions: number[]): Float64Array {
  const h = config.hiddenSize;
  const word = get(weights, 'embeddings.word_embeddings.weight').data;
  const position = get(weights, 'embeddings.position_embeddings.weight').data;
  const tokenType = get(weights, 'embeddings.token_type_embeddings.weight').data;
  const x = new Float64Array(ids.length * h);
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t] as number;
    const type = types[t] as number;
    for (let j = 0; j < h; j++) {
      x[t * h + j] = at(word, id * h + j) + at(position, (positions[t] as number) * h + j) + at(tokenType, type * h + j);
    }
  }
  return layerNorm(weights, 'embeddings.LayerNorm', x, h, config.layerNormEps);
}
