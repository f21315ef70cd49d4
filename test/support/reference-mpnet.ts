/**
 * An independent float64 MPNetModel forward pass with plain loops, written from Hugging Face's
 * modeling_mpnet.py, to check the ONNX graph against. Shares nothing with
 * src/onnx/mpnet-graph.ts except the weight store it reads.
 */
import type { MpnetConfig } from '../../src/onnx/mpnet-config.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import type { ReferenceBatch } from './reference-bert.js';
import { FLOAT32_MIN, addInto, at, dense, gelu, get, layerNorm, row, softmax } from './reference-ops.js';

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
    for (let l = 0; l < config.numHiddenLayers; l++) x = layer(config, weights, `encoder.layer.${l}`, x, mask, bias);
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

/** create_position_ids_from_input_ids: a running count of non-pad tokens, offset by padding_idx. */
function positionIds(ids: number[]): number[] {
  let count = 0;
  return ids.map((id) => {
    const real = id === PADDING_IDX ? 0 : 1;
    count += real;
    return count * real + PADDING_IDX;
  });
}

function embed(config: MpnetConfig, weights: WeightStore, ids: number[]): Float64Array {
  const h = config.hiddenSize;
  const word = get(weights, 'embeddings.word_embeddings.weight').data;
  const position = get(weights, 'embeddings.position_embeddings.weight').data;
  const positions = positionIds(ids);
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

function layer(config: MpnetConfig, weights: WeightStore, p: string, x: Float64Array, mask: number[], bias: Float64Array): Float64Array {
  const h = config.hiddenSize;
  const len = mask.length;
  const heads = config.numAttentionHeads;
  const dh = h / heads;
  const q = dense(weights, `${p}.attention.attn.q`, x, len);
  const k = dense(weights, `${p}.attention.attn.k`, x, len);
  const v = dense(weights, `${p}.attention.attn.v`, x, len);
  const context = new Float64Array(len * h);
  const scores = new Float64Array(len);
  for (let head = 0; head < heads; head++) {
    const off = head * dh;
    for (let t = 0; t < len; t++) {
      for (let s = 0; s < len; s++) {
        let dot = 0;
        for (let d = 0; d < dh; d++) dot += at(q, t * h + off + d) * at(k, s * h + off + d);
        // scores / sqrt(d) + position_bias, then + the extended attention mask, as upstream.
        scores[s] = dot / Math.sqrt(dh) + at(bias, (head * len + t) * len + s) + (1 - (mask[s] as number)) * FLOAT32_MIN;
      }
      const probs = softmax(scores);
      for (let d = 0; d < dh; d++) {
        let acc = 0;
        for (let s = 0; s < len; s++) acc += at(probs, s) * at(v, s * h + off + d);
        context[t * h + off + d] = acc;
      }
    }
  }
  const o = dense(weights, `${p}.attention.attn.o`, context, len);
  const x1 = layerNorm(weights, `${p}.attention.LayerNorm`, addInto(o, x), h, config.layerNormEps);
  const inner = dense(weights, `${p}.intermediate.dense`, x1, len).map(gelu);
  const out = dense(weights, `${p}.output.dense`, inner, len);
  return layerNorm(weights, `${p}.output.LayerNorm`, addInto(out, x1), h, config.layerNormEps);
}
