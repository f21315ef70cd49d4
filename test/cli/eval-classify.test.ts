import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';
import { assertCloseRecord } from '../support/close.js';
import { fixture } from '../support/paths.js';

const file = fixture('eval', 'decisions.csv');

async function classifyJson(args: string[]): Promise<Record<string, any>> {
  const r = await runCli(['eval', 'classify', file, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, any>;
}

test('eval classify: decisions from the file, documented keys, hand-computed metrics', async () => {
  const report = await classifyJson([]);
  assert.deepEqual(Object.keys(report), ['eval', 'file', 'count', 'threshold', 'calibration', 'metrics', 'support', 'confusion', 'gates']);
  assert.equal(report.threshold, null);
  assert.equal(report.calibration, null);
  // S->S 2, S->R 2, R->S 1, R->R 3 (see test/unit/metrics/classification.test.ts)
  // Full precision in JSON: P = 2/3, R = 1/2, F1 = 4/7 for SELECTED; 3/5, 3/4, 2/3 for REJECTED.
  assertCloseRecord(report.metrics, {
    accuracy: 0.625,
    selected_precision: 2 / 3,
    selected_recall: 0.5,
    selected_f1: 4 / 7,
    rejected_precision: 0.6,
    rejected_recall: 0.75,
    rejected_f1: 2 / 3,
  });
  assert.deepEqual(report.confusion, { selected: { selected: 2, rejected: 2 }, rejected: { selected: 1, rejected: 3 } });
  assert.deepEqual(report.support, { selected: 4, rejected: 4 });
});

test('eval classify --threshold decides by score >= t', async () => {
  // >= 0.6 selects a, b, c, d: S->S a, b, d; R->S c; S->R f; R->R e, g, h
  const report = await classifyJson(['--threshold', '0.6']);
  assert.equal(report.threshold, 0.6);
  assert.deepEqual(report.confusion, { selected: { selected: 3, rejected: 1 }, rejected: { selected: 1, rejected: 3 } });
  assert.equal(report.metrics.accuracy, 0.75);
});

test('eval classify --calibrate --min-precision: the threshold, its precision/recall, metrics at it', async () => {
  const report = await classifyJson(['--calibrate', '--min-precision', '0.75']);
  assert.deepEqual(report.calibration, { min_precision: 0.75, threshold: 0.6, precision: 0.75, recall: 0.75, selected: 4 });
  assert.equal(report.threshold, 0.6);
  const table = await runCli(['eval', 'classify', file, '--calibrate', '--min-precision', '0.75', '-f', 'table']);
  assert.match(table.stdout, /Calibrated threshold: 0\.6 .*\n.*\n {2}use it with: resumator score --select-threshold 0\.6/);
});

test('eval classify --calibrate: an unreachable precision exits 1 with the best reachable', async () => {
  const r = await runCli(['eval', 'classify', fixture('eval', 'malformed', 'decisions-top-rejected.csv'), '--calibrate', '--min-precision', '0.75']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no threshold reaches SELECTED precision >= 0\.75 .*the best any threshold gives is 0\.5000/);
});

test('eval classify gates and bad input', async () => {
  const gate = await runCli(['eval', 'classify', file, '--min', 'selected_precision=0.9']);
  assert.equal(gate.code, 1);
  assert.match(gate.stderr, /quality gate failed: selected_precision 0\.666667 < 0\.9/);
  const unknown = await runCli(['eval', 'classify', file, '--min', 'f1=0.5']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /valid metrics: accuracy, selected_precision, selected_recall, selected_f1, rejected_precision, rejected_recall, rejected_f1/);
  const badValue = await runCli(['eval', 'classify', fixture('eval', 'malformed', 'decisions-bad-value.csv')]);
  assert.equal(badValue.code, 2);
  assert.match(badValue.stderr, /decisions-bad-value\.csv:2: field 'decision': expected SELECTED or REJECTED .*found 'maybe'/);
  const noScore = await runCli(['eval', 'classify', fixture('eval', 'malformed', 'decisions-bad-value.csv'), '--threshold', '0.5']);
  assert.equal(noScore.code, 2);
  assert.match(noScore.stderr, /no score column/);
  const lonely = await runCli(['eval', 'classify', file, '--calibrate']);
  assert.equal(lonely.code, 2);
});
