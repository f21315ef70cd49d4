import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pearson, spearman } from '../../src/metrics/correlation.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { assertClose, assertCloseRecord } from '../support/close.js';
import { fixture } from '../support/paths.js';

const pairs = fixture('eval', 'pairs.csv');
const scores = fixture('eval', 'pair-scores.csv');
const bad = (n: string): string => fixture('eval', 'malformed', n);

async function pairsJson(args: string[]): Promise<Record<string, any>> {
  const r = await runCli(['eval', 'pairs', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, any>;
}

test('eval pairs --scores: documented keys and hand-computed metrics', async () => {
  const report = await pairsJson([pairs, '--scores', scores]);
  assert.deepEqual(Object.keys(report), ['eval', 'pairs', 'system', 'count', 'bands', 'counts', 'metrics', 'comparisons', 'histogram', 'gates']);
  assert.deepEqual(report.system, { scores });
  assert.equal(report.count, 6);
  assert.deepEqual(report.counts, { good: 2, mid: 1, bad: 3 });
  // see test/unit/metrics/pair-metrics.test.ts for the arithmetic
  assertCloseRecord(report.metrics, {
    spearman: 0.4928053803045812,
    pearson: 0.6272014490872588, // scipy.stats.pearsonr
    ranking_accuracy: 5 / 6,
    ranking_accuracy_within_candidate: 0.5,
    separation: 0.3,
    iqr: 0.1625,
  });
  assert.deepEqual(report.comparisons, { ranking_accuracy: { correct: 5, total: 6 }, ranking_accuracy_within_candidate: { correct: 1, total: 2 } });
  assert.equal(report.histogram.length, 11);
  assert.deepEqual(report.histogram.map((b: any) => b.count), [0, 0, 0, 1, 0, 1, 1, 2, 0, 1, 0]);
});

test('eval pairs --good/--bad move the bands; table output', async () => {
  // good >= 0.5 adds c001-j003 (score 0.55): good {0.8, 0.55, 0.6} vs bad {0.4, 0.6, 0.2} -> 3 + 2 + 2 = 7 of 9
  const report = await pairsJson([pairs, '--scores', scores, '--good', '0.5']);
  assert.deepEqual(report.counts, { good: 3, mid: 0, bad: 3 });
  assert.deepEqual(report.comparisons.ranking_accuracy, { correct: 7, total: 9 });
  const table = await runCli(['eval', 'pairs', pairs, '--scores', scores, '-f', 'table']);
  assert.match(table.stdout, /ranking_accuracy +0\.8333 +\(5\/6 good-bad pairs\)/);
  assert.match(table.stdout, /Histogram of system scores/);
});

test('eval pairs --model embeds with the score pipeline (same cosines as score --matrix), --dim respected', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-pairs-'));
  const matrix = path.join(dir, 'matrix.csv');
  const cands = fixture('candidates.csv');
  const jobs = fixture('jobs.csv');
  const s = await runCli(['score', cands, jobs, '--model', TINY_MODEL, '--quiet', '--dim', '16', '--matrix', matrix, '--format', 'json']);
  assert.equal(s.code, 0, s.stderr);
  const [header, ...rows] = readFileSync(matrix, 'utf8').trim().split('\n').map((l) => l.split(','));
  const cosine = (c: string, j: string): number => Number(rows.find((r) => r[0] === c)![header!.indexOf(j)]);
  const goldRows = readFileSync(pairs, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const expected = goldRows.map(([c, j]) => cosine(c!, j!));
  const gold = goldRows.map((r) => Number(r[2]));

  const report = await pairsJson([pairs, '--model', TINY_MODEL, '--quiet', '--dim', '16', '--candidates', cands, '--jobs', jobs]);
  assert.equal(report.system.dim, 16);
  // The matrix holds score's float32 cosines exactly; eval pairs sums its dot products in another
  // order, and the tiny model's cosines spread over only ~0.01, so Pearson agrees to ~1e-7 and
  // the ranks (Spearman) exactly.
  assertClose(report.metrics.pearson, pearson(expected, gold), 1e-6, 'pearson');
  assertClose(report.metrics.spearman, spearman(expected, gold), 1e-12, 'spearman');
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const separation = mean([expected[0]!, expected[3]!]) - mean([expected[1]!, expected[4]!, expected[5]!]);
  assert.ok(Math.abs(report.metrics.separation - separation) < 2e-6);

  // the same cosines written as a scores file give the same report
  const scoresFile = path.join(dir, 'scores.csv');
  writeFileSync(scoresFile, 'candidate,job,score\n' + goldRows.map(([c, j], i) => `${c},${j},${expected[i]}`).join('\n') + '\n');
  const fromFile = await pairsJson([pairs, '--scores', scoresFile]);
  assert.deepEqual(fromFile.comparisons, report.comparisons);
  assert.deepEqual(fromFile.counts, report.counts);
});

test('eval pairs gates: exit 0 / exit 1 naming the metric / unknown metric exit 2', async () => {
  const ok = await runCli(['eval', 'pairs', pairs, '--scores', scores, '--min', 'spearman=0.4', '--min', 'separation=0.3']);
  assert.equal(ok.code, 0, ok.stderr);
  const fail = await runCli(['eval', 'pairs', pairs, '--scores', scores, '--min', 'spearman=0.7', '--min', 'ranking_accuracy_within_candidate=0.6']);
  assert.equal(fail.code, 1);
  assert.equal(fail.stderr, 'error: quality gate failed: spearman 0.492805 < 0.7, ranking_accuracy_within_candidate 0.5 < 0.6\n');
  const unknown = await runCli(['eval', 'pairs', pairs, '--scores', scores, '--min', 'accuracy=0.7']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown metric 'accuracy'; valid metrics: spearman, pearson, ranking_accuracy, ranking_accuracy_within_candidate, separation, iqr/);
});

test('eval pairs bad input -> exit 2 naming file:line', async () => {
  const withModel = ['--model', TINY_MODEL, '--quiet', '--candidates', fixture('candidates.csv'), '--jobs', fixture('jobs.csv')];
  const cases: Array<[string[], RegExp]> = [
    [[bad('pairs-gold-range.csv'), '--scores', scores], /pairs-gold-range\.csv:3: field 'gold': gold score must be in \[0, 1\], found 1\.5/],
    [[bad('pairs-gold-text.csv'), '--scores', scores], /pairs-gold-text\.csv:2: field 'gold': gold score must be a number, found 'high'/],
    [[bad('pairs-empty.csv'), '--scores', scores], /pairs-empty\.csv: no pair records/],
    [[bad('pairs-unknown-id.csv'), ...withModel], /pairs-unknown-id\.csv:3: field 'candidate': candidate 'c404' is not in .*candidates\.csv/],
    [[bad('pairs-unknown-id.csv'), '--scores', scores], /pairs-unknown-id\.csv:3: no system score for \(candidate 'c404', job 'j002'\)/],
    [[pairs], /give exactly one system: --model DIR .* or --scores FILE/],
    [[pairs, '--model', TINY_MODEL], /--model needs --candidates FILE and --jobs FILE/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(['eval', 'pairs', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
