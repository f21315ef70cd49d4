/**
 * Useful FLOPs of a transformer encoder forward pass over real tokens only (padding is waste,
 * not work): per layer and token, 2·(4h² + 2h·I) for the projections and feed-forward, plus
 * 2·2·n·h for the attention products of an n-token text.
 */
export interface EncoderShape {
  hiddenSize: number;
  intermediateSize: number;
  layers: number;
}

export function encoderFlops(shape: EncoderShape, tokenCounts: readonly number[]): number {
  const { hiddenSize: h, intermediateSize: i, layers } = shape;
  let flops = 0;
  for (const n of tokenCounts) flops += layers * n * (2 * (4 * h * h + 2 * h * i) + 4 * n * h);
  return flops;
}

/** What the FLOPs of a causal LM depend on (src/architectures/decoder/config.ts). */
export interface DecoderShape {
  hiddenSize: number;
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  vocabSize: number;
}

/**
 * Useful FLOPs of prefilling `tokens` new tokens on top of `past` cached ones, for one row:
 * per layer and token 2·(h·q + 2·h·kv + q·h + 3·h·I) for the projections and the SiLU-gated MLP,
 * plus 2·2·q·ctx for the attention products over the context so far; and one vocabulary head
 * (2·h·V) per row, as the graph computes logits for the last position only.
 *
 * @example decoderPrefillFlops(qwen05, 512, 0); // about 0.4 TFLOP
 */
export function decoderPrefillFlops(shape: DecoderShape, tokens: number, past: number): number {
  const h = shape.hiddenSize;
  const q = shape.numAttentionHeads * shape.headDim;
  const kv = shape.numKeyValueHeads * shape.headDim;
  const perToken = 2 * (h * q + 2 * h * kv + q * h + 3 * h * shape.intermediateSize);
  // Token t attends to past + t + 1 positions; summed over the new tokens.
  const contexts = tokens * past + (tokens * (tokens + 1)) / 2;
  return shape.numHiddenLayers * (perToken * tokens + 4 * q * contexts) + 2 * h * shape.vocabSize;
}
