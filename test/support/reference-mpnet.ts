/**
 * An independent float64 MPNetModel forward pass with plain loops, written from Hugging Face's
 * modeling_mpnet.py, to check the ONNX graph against. Shares nothing with
 * src/architectures/mpnet/mpnet-graph.ts except the weight store it reads.
 */
import type { MpnetConfig } from '../../src/architectures/mpnet/mpnet-config.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { referencePositionIds, type ReferenceBatch } from './reference-bert.js';
import { at, dense, get, layerNorm, referenceEncoderLayer, row, type ReferenceAttentionNames } from './reference-ops.js';

const MPNET_ATTENTION: ReferenceAttentionNames = {
  query: 'attention.attn.q',
  key: 'attention.attn.k',
  value: 'attention.attn.v',
  output: 'attention.attn.o',
  outputNorm: 'attention.LayerNorm',
};

/** MPNetEmbeddings.padding_idx: fixed, not read from the config. */
const PADDING_IDX = 1;

export interface MpnetReferenceOutput {
  /** [batch * sequence * hidden], row-major. */
  lastHiddenState: Float32Array;
  /** [batch * hidden]: MPNetPooler, tanh(dense(first token)). */
  poolerOutput: Float32Array;
}

/** Runs every sequence of the (already padded) batch through MPNetModel; token types are ignored. */
export function referenceMpnetForward(config: MpnetConfig, weights: WeightStore, batch: Pick<ReferenceBatch, 'inputIds' | 'attentionMask'>): MpnetReferenceOutput {
  const h = config.hiddenSize;
  const seqLen = batch.inputIds[0]?.length ?? 0;
  const lastHiddenState = new Float32Array(batch.inputIds.length * seqLen * h);
  const poolerOutput = new Float32Array(batch.inputIds.length * h);
  // MPNetEncoder.compute_position_bias: from arange(L), the same for every sequence of the batch.
  const bias = positionBias(config, weights, seqLen);
  batch.inputIds.forEach((ids, b) => {
    const mask = row(batch.attentionMask, b);
    let x = embed(config, weights, ids);
    for (let l = 0; l < config.numHiddenLayers; l++) x = referenceEncoderLayer(weights, `encoder.layer.${l}`, MPNET_ATTENTION, config, x, mask, bias);
    lastHiddenState.set(x, b * seqLen * h);
    poolerOutput.set(dense(weights, 'pooler.dense', x.subarray(0, h), 1).map(Math.tanh), b * h);
  });
  return { lastHiddenState, poolerOutput };
}

/**
 * relative_position_bucket(relative_position, num_buckets=32, max_distance=128), step by step
 * as upstream: n = -relative_position; the sign picks a half; small |n| are exact; the rest
 * are log-spaced and capped at the last bucket of the half.
 */
export function referenceRelativeBucket(relativePosition: number, numBuckets = 32, maxDistance = 128): number {
  let ret = 0;
  let n = -relativePosition;
  const half = Math.floor(numBuckets / 2);
  if (n < 0) ret += half;
  n = Math.abs(n);
  const maxExact = Math.floor(half / 2);
  if (n < maxExact) return ret + n;
  const large = maxExact + Math.trunc((Math.log(n / maxExact) / Math.log(maxDistance / maxExact)) * (half - maxExact));
  return ret + Math.min(large, half - 1);
}

function embed(config: MpnetConfig, weights: WeightStore, ids: number[]): Float64Array {
  const h = config.hiddenSize;
  const word = get(weights, 'embeddings.word_embeddings.weight').data;
  const position = get(weights, 'embeddings.position_embeddings.weight').data;
  const positions = referencePositionIds(ids, { paddingIdx: PADDING_IDX });
  const x = new Float64Array(ids.length * h);
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t] as number;
    const p = positions[t] as number;
    for (let j = 0; j < h; j++) x[t * h + j] = at(word, id * h + j) + at(position, p * h + j);
  }
  return layerNorm(weights, 'embeddings.LayerNorm', x, h, config.layerNormEps);
}

/** [heads][query][key] bias: relative_attention_bias[bucket(key - query)][head]. */
function positionBias(config: MpnetConfig, weights: WeightStore, len: number): Float64Array {
  const heads = config.numAttentionHeads;
  const table = get(weights, 'encoder.relative_attention_bias.weight').data;
  const bias = new Float64Array(heads * len * len);
  for (let q = 0; q < len; q++) {
    for (let k = 0; k < len; k++) {
      const bucket = referenceRelativeBucket(k - q);
      for (let head = 0; head < heads; head++) bias[(head * len + q) * len + k] = at(table, bucket * heads + head);
    }
  }
  return bias;
}
