/**
 * The tensor names and shapes of Qwen2ForCausalLM, Qwen3ForCausalLM and LlamaForCausalLM
 * checkpoints, as transformers names them: the single source of truth for the graph builder,
 * the random-weight generator and the tests' checkpoint writer.
 */
import type { DecoderConfig } from './config.js';

/** The embedding table every checkpoint has; the registry recognises decoders by it. */
export const EMBED_TOKENS = 'model.embed_tokens.weight';
/** The final RMSNorm (without `.weight`). */
export const FINAL_NORM_NAME = 'model.norm';
export const LM_HEAD = 'lm_head.weight';

/** Checkpoint names of one layer's tensors (without `.weight` / `.bias`). */
export interface LayerTensorNames {
  inputNorm: string;
  q: string;
  k: string;
  v: string;
  o: string;
  qNorm: string;
  kNorm: string;
  postAttentionNorm: string;
  gate: string;
  up: string;
  down: string;
}

/** Names of layer `i`, e.g. `model.layers.3.self_attn.q_proj`. */
export function layerTensorNames(i: number): LayerTensorNames {
  const p = `model.layers.${i}`;
  return {
    inputNorm: `${p}.input_layernorm`,
    q: `${p}.self_attn.q_proj`,
    k: `${p}.self_attn.k_proj`,
    v: `${p}.self_attn.v_proj`,
    o: `${p}.self_attn.o_proj`,
    qNorm: `${p}.self_attn.q_norm`,
    kNorm: `${p}.self_attn.k_norm`,
    postAttentionNorm: `${p}.post_attention_layernorm`,
    gate: `${p}.mlp.gate_proj`,
    up: `${p}.mlp.up_proj`,
    down: `${p}.mlp.down_proj`,
  };
}

/**
 * Every tensor the model reads, with its shape, in checkpoint order. Tied checkpoints have no
 * lm_head.weight (the head is the embedding table).
 *
 * @example decoderTensorShapes(config)[0] // ['model.embed_tokens.weight', [vocab, hidden]]
 */
export function decoderTensorShapes(config: DecoderConfig): Array<[name: string, dims: number[]]> {
  const h = config.hiddenSize;
  const qWidth = config.numAttentionHeads * config.headDim;
  const kvWidth = config.numKeyValueHeads * config.headDim;
  const inner = config.intermediateSize;
  const shapes: Array<[string, number[]]> = [[EMBED_TOKENS, [config.vocabSize, h]]];
  const linear = (name: string, out: number, inp: number, bias: boolean): void => {
    shapes.push([`${name}.weight`, [out, inp]]);
    if (bias) shapes.push([`${name}.bias`, [out]]);
  };
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const n = layerTensorNames(i);
    shapes.push([`${n.inputNorm}.weight`, [h]]);
    linear(n.q, qWidth, h, config.qkvBias);
    linear(n.k, kvWidth, h, config.qkvBias);
    linear(n.v, kvWidth, h, config.qkvBias);
    linear(n.o, h, qWidth, config.outputBias);
    if (config.qkNorm) shapes.push([`${n.qNorm}.weight`, [config.headDim]], [`${n.kNorm}.weight`, [config.headDim]]);
    shapes.push([`${n.postAttentionNorm}.weight`, [h]]);
    linear(n.gate, inner, h, config.mlpBias);
    linear(n.up, inner, h, config.mlpBias);
    linear(n.down, h, inner, config.mlpBias);
  }
  shapes.push([`${FINAL_NORM_NAME}.weight`, [h]]);
  if (!config.tieWordEmbeddings) shapes.push([LM_HEAD, [config.vocabSize, h]]);
  return shapes;
}

/** Number of parameters the model uses (the tied head counted once, as transformers reports it). */
export function decoderParameterCount(config: DecoderConfig): number {
  return decoderTensorShapes(config).reduce((sum, [, dims]) => sum + dims.reduce((a, b) => a * b, 1), 0);
}

/**
 * A [rows, cols] row-major matrix transposed to [cols, rows], in cache-sized tiles: PyTorch's
 * Linear stores [out, in] while MatMul's constant B is [in, out], and a 151936-row embedding
 * table transposed element by element thrashes the cache.
 */
export function transposeMatrix(data: Float32Array, rows: number, cols: number, scale = 1): Float32Array {
  const out = new Float32Array(rows * cols);
  const tile = 64;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = (data[r * cols + c] as number) * scale;
      }
    }
  }
  return out;
}
