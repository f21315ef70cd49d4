import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';
import { assertClose } from '../support/close.js';
import { fixture } from '../support/paths.js';

const qrels = fixture('eval', 'qrels.txt');
const run = fixture('eval', 'run.txt');
const base = ['eval', 'ranking', '--qrels', qrels, '--run', run, '--cutoffs', '2,5'];
const L3 = Math.log2(3);
const L5 = Math.log2(5);

test('eval ranking: json by default off a terminal, documented keys, hand-computed means', async () => {
  const r = await runCli(base);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Record<string, any>;
  assert.deepEqual(Object.keys(report), ['eval', 'qrels', 'run', 'tags', 'cutoffs', 'metrics', 'counts', 'gates', 'per_query']);
  assert.equal(report.eval, 'ranking');
  assert.deepEqual(report.cutoffs, [2, 5]);
  assert.deepEqual(Object.keys(report.metrics), ['ndcg', 'ndcg_binary', 'map', 'mrr', 'ndcg@2', 'ndcg@5', 'ndcg_binary@2', 'ndcg_binary@5', 'p@2', 'p@5', 'recall@2', 'recall@5']);
  // q1: (2/log2 3 + 1/log2 5) / (2 + 1/log2 3 + 1/2); q2 (tie ordered d5, d1): 1; q3 missing: 0
  const ndcg = ((2 / L3 + 1 / L5) / (2 + 1 / L3 + 0.5) + 1) / 3;
  assertClose(report.metrics.ndcg, ndcg, 1e-15, 'ndcg'); // full precision, as the TalentCLEF scorer prints
  assertClose(report.metrics.map, (1 / 3 + 1 + 0) / 3, 1e-15, 'map');
  assert.equal(report.metrics.mrr, 0.5); // (1/2 + 1 + 0) / 3
  assertClose(report.metrics['p@5'], (2 / 5 + 2 / 5 + 0) / 3, 1e-15, 'p@5');
  assert.deepEqual(report.counts, { queries: 3, queries_missing_from_run: 1, queries_without_relevant: 0, run_queries_not_in_qrels: 1, unjudged_retrieved: 1 });
  assert.deepEqual(report.per_query.map((q: any) => Object.keys(q)), [0, 1, 2].map(() => ['query', 'retrieved', 'relevant', 'metrics']));
  assert.deepEqual(report.per_query[2], { query: 'q3', retrieved: 0, relevant: 1, metrics: Object.fromEntries(Object.keys(report.metrics).map((k) => [k, 0])) });
  assert.deepEqual(report.gates, []);
});

test('eval ranking --format table: metrics, counts, per-query rows', async () => {
  const r = await runCli([...base, '--format', 'table', '--per-query']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Metrics \(mean over 3 qrels queries\)/);
  assert.match(r.stdout, /\n {2}map +0\.4444\n/);
  assert.match(r.stdout, /queries missing from the run \(scored 0\) +1/);
  assert.match(r.stdout, /\n {2}q3 +0 +1 +0\.0000/);
});

test('eval ranking gates: exit 0 when all pass, 1 naming each failed metric (report still written)', async () => {
  const pass = await runCli([...base, '--min', 'ndcg=0.5', '--min', 'MAP=0.4']);
  assert.equal(pass.code, 0, pass.stderr);
  const gates = JSON.parse(pass.stdout).gates as Array<Record<string, unknown>>;
  assert.deepEqual(gates.map(({ value: _value, ...rest }) => rest), [
    { metric: 'ndcg', min: 0.5, passed: true },
    { metric: 'map', min: 0.4, passed: true },
  ]);
  assertClose(gates[0]!['value'], ((2 / L3 + 1 / L5) / (2 + 1 / L3 + 0.5) + 1) / 3, 1e-15, 'ndcg gate value');
  assertClose(gates[1]!['value'], (1 / 3 + 1) / 3, 1e-15, 'map gate value');
  const fail = await runCli([...base, '--min', 'ndcg=0.6', '--min', 'map=0.4', '--min', 'p@2=0.9']);
  assert.equal(fail.code, 1);
  assert.equal(fail.stderr, 'error: quality gate failed: ndcg 0.513529 < 0.6, p@2 0.5 < 0.9\n');
  assert.deepEqual(JSON.parse(fail.stdout).gates.map((g: any) => g.passed), [false, true, false]);
});

test('eval ranking: unknown gate metric -> exit 2 listing the valid ones (including the cutoffs named)', async () => {
  const r = await runCli([...base, '--min', 'ndcg@10=0.5']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown metric 'ndcg@10'; valid metrics: ndcg, ndcg_binary, map, mrr, ndcg@2, ndcg@5,/);
  assert.equal(r.stdout, '');
});

test('eval ranking: malformed or empty files -> exit 2 naming file:line', async () => {
  const bad = (n: string): string => fixture('eval', 'malformed', n);
  const cases: Array<[string[], RegExp]> = [
    [['--qrels', bad('qrels-short-line.txt'), '--run', run], /qrels-short-line\.txt:2: expected 4 whitespace-separated fields/],
    [['--qrels', qrels, '--run', bad('run-duplicate.txt')], /run-duplicate\.txt:3: query 'q1' retrieves document 'd1' twice/],
    [['--qrels', qrels, '--run', bad('run-bad-score.txt')], /run-bad-score\.txt:1: field 'score'/],
    [['--qrels', bad('empty.txt'), '--run', run], /empty\.txt: no judgements/],
    [['--qrels', qrels, '--run', run, '--cutoffs', '5,x'], /--cutoffs.*positive integers/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(['eval', 'ranking', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
