/**
 * Scores come out of float32 arithmetic, so digits past the 6th decimal are noise
 * (float32 has ~7 significant digits). Every machine-readable output rounds to 6 decimals so
 * files are stable across runs, block sizes and platforms, and readable.
 */

/** Decimal places kept in json, jsonl, csv and matrix output. */
export const SCORE_DECIMALS = 6;

/**
 * Rounds to {@link SCORE_DECIMALS} decimals and turns -0 into 0 (so `-0.0000001` prints `0`).
 *
 * @example roundScore(0.81234567) // 0.812346
 */
export function roundScore(score: number): number {
  const r = Math.round(score * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

/**
 * A score as CSV text: the shortest decimal that round-trips the rounded value, so no
 * trailing zeros and never exponent notation (|r| >= 1e-6 always prints as a plain decimal).
 *
 * @example formatScore(-0.25) // '-0.25'
 */
export function formatScore(score: number): string {
  return String(roundScore(score));
}
