import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandCounts, rankingAccuracy, rankingAccuracyWithin, separation } from '../../../src/metrics/pair-metrics.js';
import { evaluatePairs } from '../../../src/metrics/pair-evaluation.js';

// fixtures/eval/pairs.csv joined with pair-scores.csv:
//   c001 j001 gold 0.9 (good) score 0.8     c002 j001 gold 0.7 (good) score 0.6
//   c001 j002 gold 0.2 (bad)  score 0.4     c002 j002 gold 0.1 (bad)  score 0.6
//   c001 j003 gold 0.5 (mid)  score 0.55    c003 j003 gold 0.3 (bad, boundary inclusive) score 0.2
const gold = [0.9, 0.2, 0.5, 0.7, 0.1, 0.3];
const scores = [0.8, 0.4, 0.55, 0.6, 0.6, 0.2];
const candidates = ['c001', 'c001', 'c001', 'c002', 'c002', 'c003'];

test('band counts: good >= 0.6, bad <= 0.3, both inclusive', () => {
  assert.deepEqual(bandCounts(gold), { good: 2, mid: 1, bad: 3 });
  assert.deepEqual(bandCounts([0.6, 0.3, 0.59999, 0.30001]), { good: 1, mid: 2, bad: 1 });
});

test('ranking accuracy over all good-bad pairs: ties fail', () => {
  // good scores {0.8, 0.6} x bad scores {0.4, 0.6, 0.2} = 6 pairs;
  // 0.8 beats all three (3); 0.6 beats 0.4 and 0.2, ties 0.6 (2) -> 5/6
  assert.deepEqual(rankingAccuracy(gold, scores), { accuracy: 5 / 6, correct: 5, total: 6 });
  assert.deepEqual(rankingAccuracy([0.9, 0.1], [0.5, 0.5]), { accuracy: 0, correct: 0, total: 1 });
  assert.ok(Number.isNaN(rankingAccuracy([0.9, 0.8], [0.1, 0.2]).accuracy), 'no bad pairs: undefined');
});

test('ranking accuracy within the same candidate, pooled over candidates', () => {
  // c001: good 0.8 vs bad 0.4 -> 1/1; c002: good 0.6 vs bad 0.6 (tie) -> 0/1; c003 has no good pair
  assert.deepEqual(rankingAccuracyWithin(gold, scores, candidates), { accuracy: 0.5, correct: 1, total: 2 });
  // pooled, not averaged per candidate: cA 2 good x 1 bad both right (2/2), cB 1x1 wrong (0/1) -> 2/3, not (1 + 0) / 2
  const pooled = rankingAccuracyWithin([0.9, 0.8, 0.1, 0.9, 0.1], [0.9, 0.8, 0.1, 0.1, 0.9], ['a', 'a', 'a', 'b', 'b']);
  assert.deepEqual(pooled, { accuracy: 2 / 3, correct: 2, total: 3 });
});

test('separation = mean good score - mean bad score', () => {
  // good: (0.8 + 0.6) / 2 = 0.7; bad: (0.4 + 0.6 + 0.2) / 3 = 0.4 -> 0.3
  assert.ok(Math.abs(separation(gold, scores) - 0.3) < 1e-12);
  assert.ok(Number.isNaN(separation([0.5], [0.5])));
});

test('evaluatePairs gathers every metric', () => {
  const e = evaluatePairs(gold, scores, candidates);
  assert.deepEqual(Object.keys(e.metrics), ['spearman', 'pearson', 'ranking_accuracy', 'ranking_accuracy_within_candidate', 'separation', 'iqr']);
  assert.ok(Math.abs(e.metrics.spearman - 0.4928053803045812) < 1e-12);
  assert.ok(Math.abs(e.metrics.pearson - 0.6272014490872588) < 1e-12); // scipy.stats.pearsonr
  assert.ok(Math.abs(e.metrics.iqr - 0.1625) < 1e-12);
  assert.equal(e.metrics.ranking_accuracy_within_candidate, 0.5);
  assert.deepEqual(e.counts, { good: 2, mid: 1, bad: 3 });
});
