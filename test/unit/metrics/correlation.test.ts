import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, pearson, spearman } from '../../../src/metrics/correlation.js';
import { iqr, quantile } from '../../../src/metrics/quantile.js';

const close = (actual: number, expected: number, tol = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

test('averageRanks: tied values share the mean of the ranks they span', () => {
  // sorted: 0.2 (1), 0.4 (2), 0.55 (3), 0.6 0.6 (ranks 4 and 5 -> 4.5 each), 0.8 (6)
  assert.deepEqual([...averageRanks([0.8, 0.4, 0.55, 0.6, 0.6, 0.2])], [6, 2, 3, 4.5, 4.5, 1]);
  // three-way tie at the bottom: ranks 1, 2, 3 -> 2
  assert.deepEqual([...averageRanks([5, 5, 5, 9])], [2, 2, 2, 4]);
});

test('spearman with a tie, against a hand computation', () => {
  const scores = [0.8, 0.4, 0.55, 0.6, 0.6, 0.2];
  const gold = [0.9, 0.2, 0.5, 0.7, 0.1, 0.3];
  // score ranks: 6, 2, 3, 4.5, 4.5, 1     gold ranks: 6, 2, 4, 5, 1, 3     both means 3.5
  // dx: 2.5 -1.5 -0.5 1 1 -2.5          dy: 2.5 -1.5 0.5 1.5 -2.5 -0.5
  // sum dx*dy = 6.25 + 2.25 - 0.25 + 1.5 - 2.5 + 1.25 = 8.5
  // sum dx^2 = 6.25 + 2.25 + 0.25 + 1 + 1 + 6.25 = 17; sum dy^2 = 6.25 + 2.25 + 0.25 + 2.25 + 6.25 + 0.25 = 17.5
  // rho = 8.5 / sqrt(17 * 17.5) = 8.5 / sqrt(297.5)
  close(spearman(scores, gold), 8.5 / Math.sqrt(297.5));
  close(spearman(scores, gold), 0.4928053803045812, 1e-15); // scipy.stats.spearmanr
  // NOT the no-ties shortcut 1 - 6*sum(d^2)/(n(n^2-1)): d = 0,0,-1,-0.5,3.5,-2 -> 1 - 6*17.5/210 = 0.5
  assert.notEqual(Math.round(spearman(scores, gold) * 1e6), 500000);
});

test('pearson against a hand computation; perfect and undefined cases', () => {
  // means 0.525 and 0.45; sxy = 0.1975, sxx = 0.20875, syy = 0.475
  close(pearson([0.8, 0.4, 0.55, 0.6, 0.6, 0.2], [0.9, 0.2, 0.5, 0.7, 0.1, 0.3]), 0.1975 / Math.sqrt(0.20875 * 0.475), 1e-12);
  assert.equal(pearson([1, 2, 3], [2, 4, 6]), 1);
  assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])), 'constant side');
  assert.ok(Number.isNaN(pearson([1], [2])), 'one pair');
  assert.ok(Number.isNaN(spearman([0.5, 0.5], [0.1, 0.9])), 'all scores tied');
  assert.throws(() => pearson([1, 2], [1]), RangeError);
});

test('quantile and iqr follow numpy linear interpolation', () => {
  // sorted 0.2 0.4 0.55 0.6 0.6 0.8; q1 pos = 5 * 0.25 = 1.25 -> 0.4 + 0.25 * (0.55 - 0.4) = 0.4375
  // q3 pos = 3.75 -> 0.6 + 0.75 * (0.6 - 0.6) = 0.6; iqr = 0.1625 (numpy: 0.16249999999999998)
  const xs = [0.8, 0.4, 0.55, 0.6, 0.6, 0.2];
  close(quantile(xs, 0.25), 0.4375);
  close(quantile(xs, 0.75), 0.6);
  close(iqr(xs), 0.1625, 1e-15);
  // [1, 2, 3, 4]: q1 pos 0.75 -> 1.75, q3 pos 2.25 -> 3.25, median pos 1.5 -> 2.5
  assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(iqr([4, 1, 3, 2]), 1.5);
  assert.equal(quantile([7], 0.25), 7);
  assert.ok(Number.isNaN(iqr([])));
  assert.throws(() => quantile([1], 1.5), RangeError);
});
