/**
 * Correlation coefficients over paired samples, in float64. Undefined cases (fewer than two
 * pairs, a constant side) give NaN, as numpy/scipy do; callers decide how to report them.
 */

/**
 * 1-based ranks of `values` in ascending order, tied values sharing the average of the ranks
 * they span (scipy's `rankdata(method='average')`).
 *
 * @example averageRanks([10, 20, 20, 30]) // Float64Array [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold equal values: ranks start+1..end, average (start+1+end)/2.
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]!] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson's r: `sum((x - mx)(y - my)) / sqrt(sum((x - mx)^2) * sum((y - my)^2))`, with the
 * means subtracted first (two-pass) for accuracy. NaN when n < 2 or either side is constant.
 *
 * @example pearson([1, 2, 3], [2, 4, 7]) // 0.9933992677987828
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkPaired(x, y);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  // Rounding can push |r| a hair past 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rho: Pearson's r of the average ranks ({@link averageRanks}) of x and of y, so
 * ties are handled exactly as scipy's `spearmanr`. NaN when n < 2 or either side is constant.
 *
 * @example spearman([1, 2, 2, 3], [1, 3, 2, 4]) // 0.9486832980505138
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}

function checkPaired(x: ArrayLike<number>, y: ArrayLike<number>): number {
  // A programming error, not a user input problem: callers build both arrays from one list.
  if (x.length !== y.length) throw new RangeError(`paired samples differ in length: ${x.length} vs ${y.length}`);
  return x.length;
}
