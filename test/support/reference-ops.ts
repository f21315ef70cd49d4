/**
 * Float64 building blocks of the reference forward passes (reference-bert.ts,
 * reference-mpnet.ts), written from the PyTorch modules they stand for. Plain loops over
 * row-major arrays; nothing here is shared with the ONNX graph code.
 */
import type { WeightStore } from '../../src/onnx/weights.js';
import { erf } from './erf.js';

/** What HF adds to the scores of masked keys: torch.finfo(float32).min. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** The exact erf GELU of `hidden_act: gelu`. */
export function gelu(z: number): number {
  return 0.5 * z * (1 + erf(z / Math.SQRT2));
}

/** PyTorch nn.Linear over `rows` rows: y = x W^T + b, W stored [out, in]. */
export function dense(weights: WeightStore, name: string, x: Float64Array, rows: number): Float64Array {
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

export function layerNorm(weights: WeightStore, name: string, x: Float64Array, h: number, eps: number): Float64Array {
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

/** The config fields a reference encoder layer reads (BertConfig and MpnetConfig both have them). */
export interface ReferenceLayerShape {
  hiddenSize: number;
  numAttentionHeads: number;
  layerNormEps: number;
}

/** Where a layer's attention weights live, relative to the layer prefix. */
export interface ReferenceAttentionNames {
  query: string;
  key: string;
  value: string;
  output: string;
  outputNorm: string;
}

/**
 * One post-LayerNorm transformer layer as BertLayer and MPNetLayer compute it: multi-head
 * attention (scores / sqrt(d), plus MPNet's position bias [heads][query][key] when given, plus
 * the extended attention mask), output projection + residual + LayerNorm, then the GELU
 * feed-forward + residual + LayerNorm under `p.intermediate.dense` / `p.output.*`.
 */
export function referenceEncoderLayer(
  weights: WeightStore,
  p: string,
  names: ReferenceAttentionNames,
  shape: ReferenceLayerShape,
  x: Float64Array,
  mask: number[],
  bias?: Float64Array,
): Float64Array {
  const h = shape.hiddenSize;
  const len = mask.length;
  const heads = shape.numAttentionHeads;
  const dh = h / heads;
  const q = dense(weights, `${p}.${names.query}`, x, len);
  const k = dense(weights, `${p}.${names.key}`, x, len);
  const v = dense(weights, `${p}.${names.value}`, x, len);
  const context = new Float64Array(len * h);
  const scores = new Float64Array(len);
  for (let head = 0; head < heads; head++) {
    const off = head * dh;
    for (let t = 0; t < len; t++) {
      for (let s = 0; s < len; s++) {
        let dot = 0;
        for (let d = 0; d < dh; d++) dot += at(q, t * h + off + d) * at(k, s * h + off + d);
        const positionBias = bias === undefined ? 0 : at(bias, (head * len + t) * len + s);
        scores[s] = dot / Math.sqrt(dh) + positionBias + (1 - (mask[s] as number)) * FLOAT32_MIN;
      }
      const probs = softmax(scores);
      for (let d = 0; d < dh; d++) {
        let acc = 0;
        for (let s = 0; s < len; s++) acc += at(probs, s) * at(v, s * h + off + d);
        context[t * h + off + d] = acc;
      }
    }
  }
  const attnOut = dense(weights, `${p}.${names.output}`, context, len);
  const x1 = layerNorm(weights, `${p}.${names.outputNorm}`, addInto(attnOut, x), h, shape.layerNormEps);
  const inner = dense(weights, `${p}.intermediate.dense`, x1, len).map(gelu);
  const out = dense(weights, `${p}.output.dense`, inner, len);
  return layerNorm(weights, `${p}.output.LayerNorm`, addInto(out, x1), h, shape.layerNormEps);
}

export function softmax(scores: Float64Array): Float64Array {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function addInto(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = at(a, i) + at(b, i);
  return a;
}

export function get(weights: WeightStore, name: string): { dims: number[]; data: Float32Array } {
  const tensor = weights.get(name);
  if (tensor === undefined) throw new Error(`reference: missing tensor ${name}`);
  return tensor;
}

export function at(a: Float32Array | Float64Array, i: number): number {
  return a[i] as number;
}

export function row(rows: number[][], b: number): number[] {
  const r = rows[b];
  if (r === undefined) throw new Error(`reference: batch row ${b} missing`);
  return r;
}
