/**
 * Next-token scores from one row of logits: log-softmax in float64 over the full vocabulary
 * (a 150k-entry float32 row summed in float32 would lose ~4 digits) and greedy choice.
 */

/** log sum exp of logits[offset .. offset + vocab), in float64, shifted by the max for stability. */
export function logNormalizer(logits: Float32Array, offset: number, vocab: number): number {
  let max = -Infinity;
  for (let i = offset; i < offset + vocab; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = offset; i < offset + vocab; i++) sum += Math.exp((logits[i] as number) - max);
  return max + Math.log(sum);
}

/**
 * log P(token) for each of `ids` under the row at `offset`.
 *
 * @example tokenLogProbs(logits, 0, vocab, [yesId, noId]) // [-0.11, -2.3]
 */
export function tokenLogProbs(logits: Float32Array, offset: number, vocab: number, ids: readonly number[]): number[] {
  const z = logNormalizer(logits, offset, vocab);
  return ids.map((id) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new RangeError(`token id ${id} is outside the model's vocabulary of ${vocab}`);
    return (logits[offset + id] as number) - z;
  });
}

/** The highest-scoring token of the row (the lowest id on ties, as torch.argmax). */
export function argmax(logits: Float32Array, offset: number, vocab: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < vocab; i++) {
    const v = logits[offset + i] as number;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
