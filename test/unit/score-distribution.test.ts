import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoreDistribution } from '../../src/metrics/score-distribution.js';
import { seededRandom } from '../support/seeded-random.js';

/** Reference: numpy.quantile(values, p) with the default method='linear', on a full sort. */
function exactQuantile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

function feedInBlocks(dist: ScoreDistribution, values: Float32Array, blockSize: number): void {
  for (let i = 0; i < values.length; i += blockSize) dist.add(values.subarray(i, i + blockSize));
}

const near = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test('hand-computed stats of 0.1, 0.2, 0.3, 0.4', () => {
  const dist = new ScoreDistribution();
  dist.add([0.4, 0.1]);
  dist.add([0.3, 0.2]);
  const s = dist.stats();
  assert.equal(s.count, 4);
  near(s.mean, 0.25, 1e-15, 'mean');
  near(s.std, Math.sqrt(0.0125), 1e-15, 'population std'); // deviations 0.15, 0.05, 0.05, 0.15
  assert.equal(s.min, 0.1);
  assert.equal(s.max, 0.4);
  near(s.q1, 0.175, 1e-5, 'q1'); // position 0.75: 0.1 + 0.75 * 0.1
  near(s.median, 0.25, 1e-5, 'median');
  near(s.q3, 0.325, 1e-5, 'q3'); // position 2.25
  near(s.iqr, 0.15, 2e-5, 'iqr');
});

test('one value: every statistic is that value, std 0', () => {
  const dist = new ScoreDistribution();
  dist.add(Float32Array.of(0.625));
  assert.deepEqual(dist.stats(), { count: 1, mean: 0.625, std: 0, min: 0.625, max: 0.625, q1: 0.625, median: 0.625, q3: 0.625, iqr: 0 });
});

test('empty input: count 0, all zeros, 11 empty bins', () => {
  const dist = new ScoreDistribution();
  dist.add(new Float32Array(0));
  assert.deepEqual(dist.stats(), { count: 0, mean: 0, std: 0, min: 0, max: 0, q1: 0, median: 0, q3: 0, iqr: 0 });
  const bins = dist.histogram();
  assert.equal(bins.length, 11);
  assert.ok(bins.every((b) => b.count === 0));
});

test('quantiles at p = 0 and 1 are the exact min and max', () => {
  const dist = new ScoreDistribution();
  dist.add(Float32Array.of(0.123456, -0.654321, 0.987654));
  assert.equal(dist.quantile(0), Math.fround(-0.654321));
  assert.equal(dist.quantile(1), Math.fround(0.987654));
  assert.throws(() => dist.quantile(1.5), /p must be in \[0, 1\]/);
});

for (const [name, draw] of [
  ['uniform over [-0.2, 0.9)', (r: () => number) => r() * 1.1 - 0.2],
  ['tight cluster around 0.3 (std ~0.001)', (r: () => number) => 0.3 + (r() + r() + r() - 1.5) * 0.002],
  ['heavy ties on a 0.01 grid', (r: () => number) => Math.round(r() * 100) / 100],
] as const) {
  test(`100k random values, ${name}: quantiles within 1e-5, mean/std/min/max exact`, () => {
    const rand = seededRandom(name.length);
    const values = Float32Array.from({ length: 100_000 }, () => draw(rand));
    const dist = new ScoreDistribution();
    feedInBlocks(dist, values, 777);
    const sorted = Array.from(values).sort((x, y) => x - y);
    const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
    const variance = sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / sorted.length;
    const s = dist.stats();
    assert.equal(s.count, 100_000);
    near(s.mean, mean, 1e-12, 'mean');
    near(s.std, Math.sqrt(variance), 1e-12, 'std');
    assert.equal(s.min, sorted[0]);
    assert.equal(s.max, sorted[sorted.length - 1]);
    near(s.q1, exactQuantile(sorted, 0.25), 1e-5, 'q1');
    near(s.median, exactQuantile(sorted, 0.5), 1e-5, 'median');
    near(s.q3, exactQuantile(sorted, 0.75), 1e-5, 'q3');
    for (const p of [0.01, 0.1, 0.9, 0.99]) near(dist.quantile(p), exactQuantile(sorted, p), 1e-5, `p=${p}`);
  });
}

test('histogram: negatives first, 0.1-wide bins, edges as written, 1.0 and overshoot in the last bin', () => {
  const belowPoint9 = 0.8999999999999999; // the largest double below 0.9
  const dist = new ScoreDistribution();
  dist.add([-0.5, -1.2, -0.0001, 0, 0.05, 0.1, 0.3, 0.35, belowPoint9, 0.9, 0.95, 1.0, 1.0000001]);
  const bins = dist.histogram();
  assert.deepEqual(bins, [
    { from: -1, to: 0, count: 3 },
    { from: 0, to: 0.1, count: 2 },
    { from: 0.1, to: 0.2, count: 1 },
    { from: 0.2, to: 0.3, count: 0 },
    { from: 0.3, to: 0.4, count: 2 },
    { from: 0.4, to: 0.5, count: 0 },
    { from: 0.5, to: 0.6, count: 0 },
    { from: 0.6, to: 0.7, count: 0 },
    { from: 0.7, to: 0.8, count: 0 },
    { from: 0.8, to: 0.9, count: 1 },
    { from: 0.9, to: 1, count: 4 },
  ]);
  const s = dist.stats();
  assert.equal(s.min, -1.2); // exact even outside [-1, 1]
  assert.equal(s.max, 1.0000001);
});

test('histogram counts add up to the number of scores across blocks', () => {
  const rand = seededRandom(99);
  const values = Float32Array.from({ length: 5000 }, () => rand() * 2.2 - 1.1);
  const dist = new ScoreDistribution();
  feedInBlocks(dist, values, 64);
  const expected = new Array<number>(11).fill(0);
  for (const v of values) expected[v < 0 ? 0 : Math.min(10, Math.floor(v * 10) + 1)]!++;
  assert.deepEqual(dist.histogram().map((b) => b.count), expected);
});

test('NaN in a block is rejected', () => {
  assert.throws(() => new ScoreDistribution().add([0.1, NaN]), /NaN or infinite/);
});
