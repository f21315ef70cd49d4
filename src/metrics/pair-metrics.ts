/**
 * The Resumator v2 card's quality metrics over judged (candidate, job) pairs: how well system
 * scores order the pairs a judge called good above those it called bad.
 */

/** Gold bands: good when gold >= good, bad when gold <= bad, otherwise mid. */
export interface GoldBands {
  good: number;
  bad: number;
}

export const CARD_BANDS: Readonly<GoldBands> = Object.freeze({ good: 0.6, bad: 0.3 });

export interface BandCounts {
  good: number;
  mid: number;
  bad: number;
}

/** Counts pairs per gold band. */
export function bandCounts(gold: ArrayLike<number>, bands: GoldBands = CARD_BANDS): BandCounts {
  const counts: BandCounts = { good: 0, mid: 0, bad: 0 };
  for (let i = 0; i < gold.length; i++) counts[bandOf(gold[i]!, bands)]++;
  return counts;
}

/**
 * The band of one gold score; both boundaries are inclusive.
 *
 * @example bandOf(0.6) // 'good'
 * @example bandOf(0.3) // 'bad'
 */
export function bandOf(gold: number, bands: GoldBands = CARD_BANDS): keyof BandCounts {
  if (gold >= bands.good) return 'good';
  if (gold <= bands.bad) return 'bad';
  return 'mid';
}

/** A share of successes with its denominator, so reports can say "over how many". */
export interface PairwiseAccuracy {
  /** correct / total; NaN when total is 0. */
  accuracy: number;
  correct: number;
  total: number;
}

/**
 * Ranking accuracy over ALL (good, bad) pairs: the share of pairs (i good, j bad) with
 * `scores[i] > scores[j]` strictly; equal scores count as failures. Counted in O(n log n)
 * (each good score against the sorted bad scores), not by enumerating the pairs.
 *
 * @example
 * // gold 0.9 and 0.7 are good (scores 0.8, 0.5), gold 0.1 is bad (score 0.5):
 * // 0.8 > 0.5 counts, the tie 0.5 = 0.5 does not.
 * rankingAccuracy([0.9, 0.7, 0.1], [0.8, 0.5, 0.5]) // { accuracy: 0.5, correct: 1, total: 2 }
 */
export function rankingAccuracy(gold: ArrayLike<number>, scores: ArrayLike<number>, bands: GoldBands = CARD_BANDS): PairwiseAccuracy {
  const good: number[] = [];
  const bad: number[] = [];
  for (let i = 0; i < gold.length; i++) {
    const band = bandOf(gold[i]!, bands);
    if (band === 'good') good.push(scores[i]!);
    else if (band === 'bad') bad.push(scores[i]!);
  }
  return countAbove(good, bad);
}

/**
 * Ranking accuracy within the same candidate: as {@link rankingAccuracy}, but only over
 * (good, bad) pairs that share `groups[i]` (the candidate id). Pooled: every qualifying pair
 * counts once, so candidates with more judged jobs weigh more. NaN accuracy when no candidate
 * has both a good and a bad pair.
 */
export function rankingAccuracyWithin(
  gold: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: readonly string[],
  bands: GoldBands = CARD_BANDS,
): PairwiseAccuracy {
  const byGroup = new Map<string, { good: number[]; bad: number[] }>();
  for (let i = 0; i < gold.length; i++) {
    const band = bandOf(gold[i]!, bands);
    if (band === 'mid') continue;
    const key = groups[i]!;
    let group = byGroup.get(key);
    if (group === undefined) byGroup.set(key, (group = { good: [], bad: [] }));
    group[band].push(scores[i]!);
  }
  let correct = 0;
  let total = 0;
  for (const group of byGroup.values()) {
    const part = countAbove(group.good, group.bad);
    correct += part.correct;
    total += part.total;
  }
  return { accuracy: total === 0 ? NaN : correct / total, correct, total };
}

/**
 * Separation: mean score of good pairs minus mean score of bad pairs. NaN when either band
 * is empty.
 *
 * @example separation([0.9, 0.1], [0.8, 0.3]) // 0.5
 */
export function separation(gold: ArrayLike<number>, scores: ArrayLike<number>, bands: GoldBands = CARD_BANDS): number {
  let goodSum = 0;
  let goodN = 0;
  let badSum = 0;
  let badN = 0;
  for (let i = 0; i < gold.length; i++) {
    const band = bandOf(gold[i]!, bands);
    if (band === 'good') {
      goodSum += scores[i]!;
      goodN++;
    } else if (band === 'bad') {
      badSum += scores[i]!;
      badN++;
    }
  }
  return goodN === 0 || badN === 0 ? NaN : goodSum / goodN - badSum / badN;
}

/** How many (g, b) in good x bad have g > b, by binary search in the sorted bad scores. */
function countAbove(good: readonly number[], bad: readonly number[]): PairwiseAccuracy {
  const sorted = Float64Array.from(bad).sort();
  let correct = 0;
  for (const g of good) correct += lowerBound(sorted, g);
  const total = good.length * bad.length;
  return { accuracy: total === 0 ? NaN : correct / total, correct, total };
}

/** Number of values in `sorted` strictly below `x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
