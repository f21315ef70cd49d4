/**
 * An independent float64 forward pass of Qwen2ForCausalLM, Qwen3ForCausalLM and
 * LlamaForCausalLM with plain loops, written from transformers' modeling_qwen2.py,
 * modeling_qwen3.py and modeling_llama.py (eager attention). It reads the raw config.json fields
 * itself, with the config classes' defaults, and shares nothing with src/architectures/decoder.
 *
 * `breakDetail` deliberately computes a detail wrongly, so tests can show that a graph with that
 * bug would fail the comparison.
 */
import type { WeightStore } from '../../src/onnx/weights.js';
import { FLOAT32_MIN, at, get, softmax } from './reference-ops.js';

export type BrokenDetail = 'interleaved-rotary' | 'skip-qk-norm' | 'no-rms-eps' | 'repeat-kv-interleaved';

export interface ReferenceDecoderInput {
  inputIds: number[][];
  /** 1 = token, 0 = padding; default all ones. */
  attentionMask?: number[][];
  /** Default as transformers' generate: cumsum(mask) - 1, padding at 1. */
  positionIds?: number[][];
}

interface Shape {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  eps: number;
  invFreq: number[];
  qkvBias: boolean;
  oBias: boolean;
  qkNorm: boolean;
  tied: boolean;
  vocab: number;
}

/**
 * Logits of every position, [row][position][vocab], float64.
 *
 * @example referenceDecoderLogits(configJson, weights, { inputIds: [[1, 2, 3]] })[0][2] // next-token logits
 */
export function referenceDecoderLogits(configJson: Record<string, unknown>, weights: WeightStore, input: ReferenceDecoderInput, breakDetail?: BrokenDetail): Float64Array[][] {
  const s = shapeOf(configJson);
  return input.inputIds.map((ids, b) => {
    const mask = input.attentionMask?.[b] ?? ids.map(() => 1);
    const positions = input.positionIds?.[b] ?? defaultPositions(mask);
    const embed = get(weights, 'model.embed_tokens.weight').data;
    let x: Float64Array[] = ids.map((id) => Float64Array.from(embed.subarray(id * s.hidden, (id + 1) * s.hidden)));
    for (let l = 0; l < s.layers; l++) {
      const p = `model.layers.${l}`;
      const normed = x.map((v) => rmsNorm(v, get(weights, `${p}.input_layernorm.weight`).data, s.eps, breakDetail));
      const attn = attention(weights, p, s, normed, mask, positions, breakDetail);
      x = x.map((v, t) => add(v, attn[t] as Float64Array));
      const normed2 = x.map((v) => rmsNorm(v, get(weights, `${p}.post_attention_layernorm.weight`).data, s.eps, breakDetail));
      x = x.map((v, t) => add(v, mlp(weights, `${p}.mlp`, normed2[t] as Float64Array)));
    }
    const head = s.tied ? 'model.embed_tokens' : 'lm_head';
    return x.map((v) => linear(weights, head, rmsNorm(v, get(weights, 'model.norm.weight').data, s.eps, breakDetail), false));
  });
}

/** position_ids = cumsum(attention_mask) - 1, with padding positions set to 1 (transformers' generate). */
export function defaultPositions(mask: number[]): number[] {
  let seen = 0;
  return mask.map((m) => (m === 0 ? 1 : seen++));
}

function shapeOf(c: Record<string, unknown>): Shape {
  const num = (k: string, fallback?: number): number => (typeof c[k] === 'number' ? (c[k] as number) : (fallback as number));
  const type = c['model_type'];
  const hidden = num('hidden_size');
  const heads = num('num_attention_heads');
  const headDim = num('head_dim', type === 'qwen3' ? 128 : hidden / heads);
  const theta = num('rope_theta', 10000);
  let invFreq = Array.from({ length: headDim / 2 }, (_, i) => 1 / theta ** ((2 * i) / headDim));
  const scaling = c['rope_scaling'] as Record<string, number | string> | null | undefined;
  if (scaling && (scaling['rope_type'] ?? scaling['type']) === 'llama3') invFreq = llama3(invFreq, scaling as Record<string, number>);
  if (scaling && (scaling['rope_type'] ?? scaling['type']) === 'linear') invFreq = invFreq.map((f) => f / (scaling['factor'] as number));
  const attentionBias = c['attention_bias'] === true;
  return {
    layers: num('num_hidden_layers'),
    hidden,
    heads,
    kvHeads: num('num_key_value_heads', heads),
    headDim,
    eps: num('rms_norm_eps', 1e-6),
    invFreq,
    qkvBias: type === 'qwen2' || attentionBias,
    oBias: type !== 'qwen2' && attentionBias,
    qkNorm: type === 'qwen3',
    tied: c['tie_word_embeddings'] === true,
    vocab: num('vocab_size'),
  };
}

/** _compute_llama3_parameters: low frequencies divided by factor, a smooth blend in between. */
function llama3(inv: number[], p: Record<string, number>): number[] {
  const old = p['original_max_position_embeddings'] as number;
  const [factor, low, high] = [p['factor'] as number, p['low_freq_factor'] as number, p['high_freq_factor'] as number];
  return inv.map((f) => {
    const wavelen = (2 * Math.PI) / f;
    if (wavelen > old / low) return f / factor;
    if (wavelen < old / high) return f;
    const smooth = (old / wavelen - low) / (high - low);
    return (1 - smooth) * (f / factor) + smooth * f;
  });
}

function attention(weights: WeightStore, p: string, s: Shape, x: Float64Array[], mask: number[], positions: number[], broken?: BrokenDetail): Float64Array[] {
  const { headDim: d, heads, kvHeads } = s;
  const proj = (name: string, bias: boolean): Float64Array[] => x.map((v) => linear(weights, `${p}.self_attn.${name}`, v, bias));
  const q = proj('q_proj', s.qkvBias);
  const k = proj('k_proj', s.qkvBias);
  const v = proj('v_proj', s.qkvBias);
  const head = (rows: Float64Array[], h: number, t: number): Float64Array => (rows[t] as Float64Array).subarray(h * d, (h + 1) * d);
  const rotated = (rows: Float64Array[], count: number, norm: string): Float64Array[][] =>
    Array.from({ length: count }, (_, h) =>
      rows.map((_, t) => {
        let vec: Float64Array = Float64Array.from(head(rows, h, t));
        if (s.qkNorm && broken !== 'skip-qk-norm') vec = rmsNorm(vec, get(weights, `${p}.self_attn.${norm}.weight`).data, s.eps);
        return rotate(vec, positions[t] as number, s.invFreq, broken === 'interleaved-rotary');
      }),
    );
  const qh = rotated(q, heads, 'q_norm');
  const kh = rotated(k, kvHeads, 'k_norm');
  const out = x.map(() => new Float64Array(heads * d));
  const groups = heads / kvHeads;
  for (let h = 0; h < heads; h++) {
    // repeat_kv: query head h reads KV head h // groups.
    const kv = broken === 'repeat-kv-interleaved' ? h % kvHeads : Math.floor(h / groups);
    for (let t = 0; t < x.length; t++) {
      const scores = new Float64Array(x.length);
      for (let j = 0; j < x.length; j++) {
        const visible = j <= t && mask[j] === 1;
        scores[j] = dot(qh[h]?.[t] as Float64Array, kh[kv]?.[j] as Float64Array) / Math.sqrt(d) + (visible ? 0 : FLOAT32_MIN);
      }
      const probs = softmax(scores);
      const row = out[t] as Float64Array;
      for (let j = 0; j < x.length; j++) {
        const vj = head(v, kv, j);
        for (let e = 0; e < d; e++) row[h * d + e] = at(row, h * d + e) + at(probs, j) * at(vj, e);
      }
    }
  }
  return out.map((o) => linear(weights, `${p}.self_attn.o_proj`, o, s.oBias));
}

/** apply_rotary_pos_emb with rotate_half: the pairs are (i, i + d/2); interleaved pairs (2i, 2i+1) are the bug. */
function rotate(vec: Float64Array, position: number, invFreq: number[], interleaved: boolean): Float64Array {
  const half = vec.length / 2;
  const out = new Float64Array(vec.length);
  for (let i = 0; i < half; i++) {
    const angle = position * (invFreq[i] as number);
    const [a, b] = interleaved ? [2 * i, 2 * i + 1] : [i, i + half];
    out[a] = at(vec, a) * Math.cos(angle) - at(vec, b) * Math.sin(angle);
    out[b] = at(vec, b) * Math.cos(angle) + at(vec, a) * Math.sin(angle);
  }
  return out;
}

function mlp(weights: WeightStore, p: string, x: Float64Array): Float64Array {
  const bias = weights.has(`${p}.gate_proj.bias`);
  const gate = linear(weights, `${p}.gate_proj`, x, bias);
  const up = linear(weights, `${p}.up_proj`, x, bias);
  const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * at(up, i));
  return linear(weights, `${p}.down_proj`, act, bias);
}

function rmsNorm(x: Float64Array, weight: Float32Array, eps: number, broken?: BrokenDetail): Float64Array {
  const mean = x.reduce((sum, v) => sum + v * v, 0) / x.length;
  const inv = 1 / Math.sqrt(mean + (broken === 'no-rms-eps' ? 0 : eps));
  return x.map((v, i) => v * inv * at(weight, i));
}

/** nn.Linear: W [out, in] (+ b). */
function linear(weights: WeightStore, name: string, x: Float64Array, bias: boolean): Float64Array {
  const w = get(weights, `${name}.weight`);
  const [outF, inF] = w.dims as [number, number];
  const b = bias ? get(weights, `${name}.bias`).data : undefined;
  const y = new Float64Array(outF);
  for (let o = 0; o < outF; o++) {
    let acc = b === undefined ? 0 : at(b, o);
    for (let i = 0; i < inF; i++) acc += at(x, i) * at(w.data, o * inF + i);
    y[o] = acc;
  }
  return y;
}

function dot(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += at(a, i) * at(b, i);
  return acc;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + at(b, i));
}
