/**
 * An independent float64 BertModel forward pass with plain loops, written from the Hugging Face
 * modeling code, to check the ONNX graph against. Shares nothing with src/onnx/bert-graph.ts
 * except the weight store it reads.
 */
import type { BertConfig } from '../../src/onnx/bert-config.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { erf } from './erf.js';

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

const FLOAT32_MIN = -3.4028234663852886e38;

/** Runs every sequence of the (already padded, rectangular) batch through BertModel. */
export function referenceBertForward(config: BertConfig, weights: WeightStore, batch: ReferenceBatch): ReferenceOutput {
  const h = config.hiddenSize;
  const seqLen = batch.inputIds[0]?.length ?? 0;
  const lastHiddenState = new Float32Array(batch.inputIds.length * seqLen * h);
  const poolerOutput = new Float32Array(batch.inputIds.length * h);
  batch.inputIds.forEach((ids, b) => {
    const mask = row(batch.attentionMask, b);
    const types = row(batch.tokenTypeIds, b);
    let x = embed(config, weights, ids, types);
    for (let l = 0; l < config.numHiddenLayers; l++) x = encoderLayer(config, weights, `encoder.layer.${l}`, x, mask);
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

function embed(config: BertConfig, weights: WeightStore, ids: number[], types: number[]): Float64Array {
  const h = config.hiddenSize;
  const word = get(weights, 'embeddings.word_embeddings.weight').data;
  const position = get(weights, 'embeddings.position_embeddings.weight').data;
  const tokenType = get(weights, 'embeddings.token_type_embeddings.weight').data;
  const x = new Float64Array(ids.length * h);
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t] as number;
    const type = types[t] as number;
    for (let j = 0; j < h; j++) {
      x[t * h + j] = at(word, id * h + j) + at(position, t * h + j) + at(tokenType, type * h + j);
    }
  }
  return layerNorm(weights, 'embeddings.LayerNorm', x, h, config.layerNormEps);
}

function encoderLayer(config: BertConfig, weights: WeightStore, p: string, x: Float64Array, mask: number[]): Float64Array {
  const h = config.hiddenSize;
  const len = mask.length;
  const heads = config.numAttentionHeads;
  const dh = h / heads;
  const q = dense(weights, `${p}.attention.self.query`, x, len);
  const k = dense(weights, `${p}.attention.self.key`, x, len);
  const v = dense(weights, `${p}.attention.self.value`, x, len);
  const context = new Float64Array(len * h);
  const scores = new Float64Array(len);
  for (let head = 0; head < heads; head++) {
    const off = head * dh;
    for (let t = 0; t < len; t++) {
      for (let s = 0; s < len; s++) {
        let dot = 0;
        for (let d = 0; d < dh; d++) dot += at(q, t * h + off + d) * at(k, s * h + off + d);
        scores[s] = dot / Math.sqrt(dh) + (1 - (mask[s] as number)) * FLOAT32_MIN;
      }
      const probs = softmax(scores);
      for (let d = 0; d < dh; d++) {
        let acc = 0;
        for (let s = 0; s < len; s++) acc += at(probs, s) * at(v, s * h + off + d);
        context[t * h + off + d] = acc;
      }
    }
  }
  const attnOut = dense(weights, `${p}.attention.output.dense`, context, len);
  const x1 = layerNorm(weights, `${p}.attention.output.LayerNorm`, addInto(attnOut, x), h, config.layerNormEps);
  const inner = dense(weights, `${p}.intermediate.dense`, x1, len).map((z) => 0.5 * z * (1 + erf(z / Math.SQRT2)));
  const out = dense(weights, `${p}.output.dense`, inner, len);
  return layerNorm(weights, `${p}.output.LayerNorm`, addInto(out, x1), h, config.layerNormEps);
}

/** PyTorch nn.Linear over `rows` rows: y = x W^T + b, W stored [out, in]. */
function dense(weights: WeightStore, name: string, x: Float64Array, rows: number): Float64Array {
  const w = get(weights, `${name}.weight`);
  const b = get(weights, `${name}.bias`);
  const [outF, inF] = w.dims as [number, number];
  const y = new Float64Array(rows * outF);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let acc = at(b.data, o);
      for (let i = 0; i < inF; i++) acc += at(x, r * inF + i) * at(w.data, o * inF + i);
      y[r * outF + o] = acc;
    }
  }
  return y;
}

function layerNorm(weights: WeightStore, name: string, x: Float64Array, h: number, eps: number): Float64Array {
  const gamma = get(weights, `${name}.weight`).data;
  const beta = get(weights, `${name}.bias`).data;
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length / h; r++) {
    let mean = 0;
    for (let j = 0; j < h; j++) mean += at(x, r * h + j);
    mean /= h;
    let variance = 0;
    for (let j = 0; j < h; j++) variance += (at(x, r * h + j) - mean) ** 2;
    variance /= h;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let j = 0; j < h; j++) y[r * h + j] = (at(x, r * h + j) - mean) * inv * at(gamma, j) + at(beta, j);
  }
  return y;
}

function softmax(scores: Float64Array): Float64Array {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

function addInto(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = at(a, i) + at(b, i);
  return a;
}

function get(weights: WeightStore, name: string): { dims: number[]; data: Float32Array } {
  const tensor = weights.get(name);
  if (tensor === undefined) throw new Error(`reference: missing tensor ${name}`);
  return tensor;
}

function at(a: Float32Array | Float64Array, i: number): number {
  return a[i] as number;
}

function row(rows: number[][], b: number): number[] {
  const r = rows[b];
  if (r === undefined) throw new Error(`reference: batch row ${b} missing`);
  return r;
}
