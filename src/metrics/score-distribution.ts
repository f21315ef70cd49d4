/**
 * Summary statistics of ALL candidate x job scores, accumulated block by block in memory
 * independent of N x M (about 1.6 MB), so a 100k x 10k run never holds its score matrix.
 */
export interface ScoreStats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  q1: number;
  median: number;
  q3: number;
  iqr: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** Width of the fine histogram bins the quantiles are read from. */
export const FINE_BIN_WIDTH = 1e-5;
const BINS_PER_UNIT = 100_000;
const FINE_BINS = 2 * BINS_PER_UNIT;
/** Coarse histogram: one bin for scores below 0, then ten 0.1-wide bins over [0, 1]. */
const COARSE_BINS = 11;
const TENTHS = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Streaming accumulator of score statistics.
 *
 * - `mean` and `std` are exact up to float64 rounding: per-block sums are merged with Chan's
 *   parallel update, and `std` is the POPULATION standard deviation (divides by n, numpy's
 *   default `ddof=0`).
 * - `min` and `max` are exact.
 * - `q1`, `median`, `q3` follow numpy's default `'linear'` quantile (position `(n - 1) * p`
 *   between the sorted values), but the sorted values are read from a fixed histogram of
 *   {@link FINE_BIN_WIDTH}-wide bins over [-1, 1] (values inside a bin are taken as evenly
 *   spread, and estimates are clamped to the exact min/max). Resolution: each quantile is
 *   within 1e-5 of the exact one. Values outside [-1, 1] (float32 rounding of cosine can give
 *   1.0000001) are counted in the end bins, so only quantiles that fall among such values may
 *   be off by more, and then by no more than that overshoot.
 * - Empty input gives count 0 and every other statistic 0 (never NaN, so JSON stays numeric).
 *
 * The coarse {@link histogram} always has 11 bins: first `{from: -1, to: 0}` for every score
 * below 0 (reported even when its count is 0, so the layout is fixed), then `[0, 0.1)`, ...,
 * `[0.8, 0.9)`, and `[0.9, 1]` which includes 1.0 and anything above it.
 *
 * @example
 * const dist = new ScoreDistribution();
 * await forEachSimilarityBlock(c, nC, j, nJ, dim, (_s, _n, block) => dist.add(block));
 * dist.stats(); // { count, mean, std, min, max, q1, median, q3, iqr }
 */
export class ScoreDistribution {
  // Float64 counters: N x M can pass 2^32 and a run of identical scores fills one bin.
  private readonly fine = new Float64Array(FINE_BINS);
  private readonly coarse = new Float64Array(COARSE_BINS);
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;

  get count(): number {
    return this.n;
  }

  /** Adds every value of `scores` (e.g. one similarity block). Throws on NaN or infinities. */
  add(scores: ArrayLike<number>): void {
    const nb = scores.length;
    if (nb === 0) return;
    const { fine, coarse } = this;
    let sum = 0;
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < nb; i++) {
      const x = scores[i]!;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
      let f = Math.floor((x + 1) * BINS_PER_UNIT);
      f = f < 0 ? 0 : f >= FINE_BINS ? FINE_BINS - 1 : f;
      fine[f]!++;
      coarse[coarseBin(x)]!++;
    }
    // NaN or +-Infinity anywhere makes the sum non-finite; finite float32 sums never overflow.
    if (!Number.isFinite(sum)) throw new Error('score block contains NaN or infinite values');
    const blockMean = sum / nb;
    let blockM2 = 0;
    for (let i = 0; i < nb; i++) {
      const d = scores[i]! - blockMean;
      blockM2 += d * d;
    }
    const n = this.n + nb;
    const delta = blockMean - this.mean;
    this.mean += (delta * nb) / n;
    this.m2 += blockM2 + (delta * delta * this.n * nb) / n;
    this.n = n;
    this.min = min;
    this.max = max;
  }

  /** numpy-'linear' quantile for `p` in [0, 1], within 1e-5 of exact; 0 when empty. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new Error(`quantile p must be in [0, 1], got ${p}`);
    if (this.n === 0) return 0;
    const pos = (this.n - 1) * p;
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const vLo = this.orderStatistic(lo);
    if (frac === 0) return vLo;
    return vLo + frac * (this.orderStatistic(lo + 1) - vLo);
  }

  stats(): ScoreStats {
    if (this.n === 0) return { count: 0, mean: 0, std: 0, min: 0, max: 0, q1: 0, median: 0, q3: 0, iqr: 0 };
    const q1 = this.quantile(0.25);
    const q3 = this.quantile(0.75);
    return {
      count: this.n,
      mean: this.mean,
      std: Math.sqrt(this.m2 / this.n),
      min: this.min,
      max: this.max,
      q1,
      median: this.quantile(0.5),
      q3,
      iqr: q3 - q1,
    };
  }

  /** The 11 coarse bins described on the class, negatives first. */
  histogram(): HistogramBin[] {
    const bins: HistogramBin[] = [{ from: -1, to: 0, count: this.coarse[0]! }];
    for (let b = 0; b < 10; b++) bins.push({ from: TENTHS[b]!, to: TENTHS[b + 1]!, count: this.coarse[b + 1]! });
    return bins;
  }

  /** Estimate of the k-th smallest value (0-based), assuming values spread evenly in a bin. */
  private orderStatistic(k: number): number {
    let seen = 0;
    for (let b = 0; b < FINE_BINS; b++) {
      const c = this.fine[b]!;
      if (k < seen + c) {
        const start = b / BINS_PER_UNIT - 1;
        const estimate = start + ((k - seen + 0.5) / c) * FINE_BIN_WIDTH;
        return Math.min(this.max, Math.max(this.min, estimate));
      }
      seen += c;
    }
    return this.max;
  }
}

/**
 * Coarse bin of x: 0 for x < 0, else 1 + tenth. `x * 10` can round across an edge (the
 * largest double below 0.9 times 10 gives exactly 9), so the guess is corrected against the
 * edges as written (0.1, ..., 0.9): the double 0.3 lands in [0.3, 0.4), the one below it does not.
 */
function coarseBin(x: number): number {
  if (x < 0) return 0;
  if (x >= 1) return 10;
  let t = Math.floor(x * 10);
  if (x < TENTHS[t]!) t--;
  else if (x >= TENTHS[t + 1]!) t++;
  return t + 1;
}
