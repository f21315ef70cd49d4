/**
 * Blending the two stages: final = alpha · norm(bi) + (1 − alpha) · norm(ce), norm = min-max
 * over the K reranked skills of one job, with guards for the cases where plain min-max misleads.
 * See docs/rerank.md "Blending" for the rationale and examples.
 */
import type { CeScoreMode } from './ce-score.js';

/**
 * Smallest score range that min-max may stretch to [0, 1], per score scale. A narrower range
 * (all K scores equal, K = 1, or a uniformly weak batch whose scores barely differ) is not
 * stretched: values are spread by this span around 0.5 instead, so near-identical scores stay
 * near-identical and the other stage decides the order.
 */
export const MIN_SPAN = Object.freeze({ bi: 0.05, logit: 1, 'p-core': 0.1, expected: 0.2 }) satisfies Readonly<Record<'bi' | CeScoreMode, number>>;

/**
 * Guarded min-max normalisation: with range r = max − min and s = max(r, minSpan),
 * norm(x) = 0.5 + (x − (max + min) / 2) / s. When r ≥ minSpan this is exactly
 * (x − min) / (max − min) in [0, 1]; when r < minSpan the values stay centred on 0.5 within a
 * band of width r / minSpan (all equal or K = 1: every value is 0.5). It is continuous in the
 * scores, so a tiny change never flips a job between "stretched" and "flat".
 *
 * @example guardedMinMax([1, 2, 3], 0.5) // [0, 0.5, 1]
 * @example guardedMinMax([0.01, 0.03], 0.1) // [0.4, 0.6]
 * @example guardedMinMax([7], 1) // [0.5]
 */
export function guardedMinMax(values: ArrayLike<number>, minSpan: number): Float64Array {
  const out = new Float64Array(values.length);
  if (values.length === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i] as number);
    max = Math.max(max, values[i] as number);
  }
  const span = Math.max(max - min, minSpan);
  const mid = (max + min) / 2;
  for (let i = 0; i < values.length; i++) out[i] = 0.5 + ((values[i] as number) - mid) / span;
  return out;
}

/**
 * Blended scores of the K reranked skills of one job (same order as the inputs).
 *
 * @example blendScores([0.9, 0.5], [2, -1], 0.7, { bi: 0.05, ce: 1 }) // [1, 0]
 */
export function blendScores(bi: ArrayLike<number>, ce: ArrayLike<number>, alpha: number, spans: { bi: number; ce: number }): Float64Array {
  const nb = guardedMinMax(bi, spans.bi);
  const nc = guardedMinMax(ce, spans.ce);
  const out = new Float64Array(nb.length);
  for (let i = 0; i < out.length; i++) out[i] = alpha * (nb[i] as number) + (1 - alpha) * (nc[i] as number);
  return out;
}

/** Output precision of final scores: 6 decimals, as everywhere in resumator's reports. */
export const SCORE_STEP = 1e-6;

/**
 * Makes already-sorted scores strictly decreasing at the printed precision: each score is
 * rounded to 6 decimals and, if not below its predecessor, set one step (1e-6) below it. The
 * order of the list (decided before, see docs/rerank.md "Ties") therefore survives any consumer
 * that re-sorts by score (ranx, trec_eval). Returns new values; the input is not changed.
 *
 * @example strictlyDecreasing([0.9, 0.9, 0.3]) // [0.9, 0.899999, 0.3]
 */
export function strictlyDecreasing(sorted: ArrayLike<number>): Float64Array {
  const out = new Float64Array(sorted.length);
  let prev = Infinity;
  for (let i = 0; i < sorted.length; i++) {
    // Integers of micro-units, so the comparison is exact and printing with 6 decimals keeps it.
    let micro = Math.round((sorted[i] as number) / SCORE_STEP);
    if (micro >= prev) micro = prev - 1;
    prev = micro;
    out[i] = micro / 1e6;
  }
  return out;
}
