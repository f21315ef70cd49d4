import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateThreshold, classify, decide, maxSelectedPrecision, type Decision } from '../../../src/metrics/classification.js';

const S: Decision = 'SELECTED';
const R: Decision = 'REJECTED';
const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

// fixtures/eval/decisions.csv
const gold = [S, S, R, S, R, S, R, R];
const decisions = [S, S, S, R, R, R, R, R];
const scores = [0.9, 0.8, 0.8, 0.6, 0.5, 0.4, 0.3, 0.1];

test('classify: accuracy, per-class precision/recall/F1, confusion matrix', () => {
  const m = classify(gold, decisions);
  // gold S predicted S: a, b (2); S->R: d, f (2); R->S: c (1); R->R: e, g, h (3)
  assert.deepEqual(m.confusion, { selectedAsSelected: 2, selectedAsRejected: 2, rejectedAsSelected: 1, rejectedAsRejected: 3 });
  close(m.accuracy, 5 / 8);
  close(m.selected.precision, 2 / 3); // 2 of the 3 predicted SELECTED
  close(m.selected.recall, 2 / 4);
  close(m.selected.f1, (2 * (2 / 3) * (1 / 2)) / (2 / 3 + 1 / 2)); // = 4/7
  close(m.rejected.precision, 3 / 5);
  close(m.rejected.recall, 3 / 4);
  close(m.rejected.f1, (2 * 0.6 * 0.75) / 1.35); // = 2/3
  assert.equal(m.selected.support, 4);
  assert.ok(Number.isNaN(classify([R, R], [R, R]).selected.precision), 'nothing predicted SELECTED: undefined, not 0');
});

test('decide: score >= threshold is SELECTED (inclusive)', () => {
  assert.equal(decide(0.6, 0.6), S);
  assert.equal(decide(0.5999, 0.6), R);
});

test('calibrate: highest recall at precision >= P, ties never split', () => {
  // threshold: selected (S among them) -> precision, recall (4 gold S)
  //   0.9: 1 (1) -> 1, 0.25      0.8: 3 (2) -> 0.667, 0.5   0.6: 4 (3) -> 0.75, 0.75
  //   0.5: 5 (3) -> 0.6, 0.75    0.4: 6 (4) -> 0.667, 1     0.3: 7 (4) -> 0.571, 1   0.1: 8 (4) -> 0.5, 1
  assert.deepEqual(calibrateThreshold(gold, scores, 0.75), { threshold: 0.6, precision: 0.75, recall: 0.75, selected: 4 });
  assert.deepEqual(calibrateThreshold(gold, scores, 0.65), { threshold: 0.4, precision: 4 / 6, recall: 1, selected: 6 });
  // Selecting b but not c (both 0.8) would give precision 1 at recall 0.5; a threshold cannot
  // split equal scores, so P >= 0.9 only gets the top item.
  assert.deepEqual(calibrateThreshold(gold, scores, 0.9), { threshold: 0.9, precision: 1, recall: 0.25, selected: 1 });
  // equal recall: the highest threshold wins (0.4 and 0.3 and 0.1 all reach recall 1)
  assert.equal(calibrateThreshold(gold, scores, 0.5)!.threshold, 0.4);
});

test('calibrate: no threshold reaches P -> undefined, with the best precision available', () => {
  const g = [R, S, R];
  const s = [0.9, 0.5, 0.4];
  // 0.9: 0/1; 0.5: 1/2; 0.4: 1/3
  assert.equal(calibrateThreshold(g, s, 0.75), undefined);
  assert.equal(maxSelectedPrecision(g, s), 0.5);
  assert.equal(calibrateThreshold([R, R], [0.9, 0.1], 0.1), undefined, 'no gold SELECTED');
});
