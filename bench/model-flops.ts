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
