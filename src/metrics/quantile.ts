/** Exact quantiles of a sample, as numpy's default (`method='linear'`) computes them. */

/**
 * The `p`-quantile (p in [0, 1]) of `values` by numpy's default linear interpolation: with the
 * values sorted ascending as `x[0..n-1]` and `pos = (n - 1) * p`,
 * `q = x[floor(pos)] + (pos - floor(pos)) * (x[floor(pos) + 1] - x[floor(pos)])`.
 * NaN for an empty sample.
 *
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75  (pos = 0.75: 1 + 0.75 * (2 - 1))
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  return sortedQuantile(Float64Array.from(values).sort(), p);
}

/**
 * Interquartile range `quantile(0.75) - quantile(0.25)` ({@link quantile}'s definition, i.e.
 * `numpy.percentile(x, 75) - numpy.percentile(x, 25)`). NaN for an empty sample.
 *
 * @example iqr([1, 2, 3, 4]) // 1.5  (3.25 - 1.75)
 */
export function iqr(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  return sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
}

function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const low = sorted[lo]!;
  return frac === 0 ? low : low + frac * (sorted[lo + 1]! - low);
}
