import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, ndcg, precisionAt, rankDocs, recallAt, reciprocalRank } from '../../../src/metrics/ranking-metrics.js';
import { evaluateRanking, rankingMetricNames } from '../../../src/metrics/ranking-evaluation.js';

const close = (actual: number, expected: number, tol = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);
const L3 = Math.log2(3);
const L5 = Math.log2(5);

// Query q1 of fixtures/eval: judged d1=2, d2=1, d3=0, d4=1; the run ranks d3, d1, d9 (unjudged), d2.
const q1 = new Map([['d1', 2], ['d2', 1], ['d3', 0], ['d4', 1]]);
const ranked = ['d3', 'd1', 'd9', 'd2'];

test('graded nDCG: linear gain, log2(rank + 1) discount, ideal from ALL judged items', () => {
  // DCG = 0/log2(2) + 2/log2(3) + 0/log2(4) + 1/log2(5)
  // IDCG = grades 2, 1, 1, 0 (d4 counts although never retrieved) = 2/1 + 1/log2(3) + 1/log2(4)
  close(ndcg(ranked, q1), (2 / L3 + 1 / L5) / (2 + 1 / L3 + 0.5));
  close(ndcg(ranked, q1), 0.5405858, 1e-7);
});

test('binary nDCG maps every grade > 0 to 1, so it differs from graded', () => {
  // DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3) + 1/log2(4)
  close(ndcg(ranked, q1, { binary: true }), (1 / L3 + 1 / L5) / (1 + 1 / L3 + 0.5));
  close(ndcg(ranked, q1, { binary: true }), 0.4981893, 1e-7);
  // graded rewards putting the grade-2 item first, binary does not care which relevant item leads
  const g = new Map([['a', 2], ['b', 1]]);
  assert.ok(ndcg(['a', 'b'], g) > ndcg(['b', 'a'], g));
  assert.equal(ndcg(['a', 'b'], g, { binary: true }), ndcg(['b', 'a'], g, { binary: true }));
});

test('nDCG@k cuts both DCG and IDCG at k', () => {
  // @2: DCG = 2/log2(3); IDCG = 2 + 1/log2(3)
  close(ndcg(ranked, q1, { cutoff: 2 }), 2 / L3 / (2 + 1 / L3));
  // a cutoff past the list end changes nothing
  close(ndcg(ranked, q1, { cutoff: 100 }), ndcg(ranked, q1));
});

test('a truncated run scores lower than the full ranking: missing relevant items still count in IDCG', () => {
  const full = ['d1', 'd2', 'd4', 'd3'];
  assert.equal(ndcg(full, q1), 1);
  // only the top item returned: DCG = 2; IDCG = 2 + 1/log2(3) + 1/2
  close(ndcg(['d1'], q1), 2 / (2 + 1 / L3 + 0.5));
  close(averagePrecision(['d1'], q1), 1 / 3); // R = 3, one hit at rank 1
  close(recallAt(['d1'], q1, 10), 1 / 3);
});

test('AP divides by the number of relevant JUDGED items; MRR; P@k divides by k; recall@k', () => {
  // relevant (grade >= 1): d1, d2, d4 -> R = 3; hits at rank 2 (P = 1/2) and rank 4 (P = 2/4)
  close(averagePrecision(ranked, q1), (1 / 2 + 2 / 4) / 3);
  close(reciprocalRank(ranked, q1), 1 / 2);
  // 2 relevant in the top 5 of a 4-item list: 2/5, not 2/4
  close(precisionAt(ranked, q1, 5), 2 / 5);
  close(precisionAt(ranked, q1, 2), 1 / 2);
  close(recallAt(ranked, q1, 2), 1 / 3);
  close(recallAt(ranked, q1, 5), 2 / 3);
  const none = new Map([['a', 0]]);
  assert.deepEqual([ndcg(['a'], none), averagePrecision(['a'], none), reciprocalRank(['a'], none), recallAt(['a'], none, 5)], [0, 0, 0, 0]);
});

test('ties: equal scores are ordered by document id descending (trec_eval), whatever the input order', () => {
  assert.deepEqual(rankDocs(new Map([['d1', 0.5], ['d5', 0.5]])), ['d5', 'd1']);
  assert.deepEqual(rankDocs(new Map([['d5', 0.5], ['d1', 0.5]])), ['d5', 'd1']);
  assert.deepEqual(rankDocs(new Map([['a', 0.5], ['b', 0.9], ['c', 0.5], ['B', 0.5]])), ['b', 'c', 'a', 'B']);
  // q2 of the fixture: d1=1, d5=2, both scored 0.5 -> d5 first -> the ideal order, nDCG 1.
  // Ascending-id order would give (1 + 2/log2(3)) / (2 + 1/log2(3)) = 0.8597.
  const q2 = new Map([['d1', 1], ['d5', 2]]);
  assert.equal(ndcg(rankDocs(new Map([['d1', 0.5], ['d5', 0.5]])), q2), 1);
});

test('evaluateRanking: mean over the qrels queries, a query missing from the run scores 0', () => {
  const qrels = new Map([
    ['q1', q1],
    ['q2', new Map([['d1', 1], ['d5', 2]])],
    ['q3', new Map([['d2', 2]])],
  ]);
  const run = new Map([
    ['q1', new Map([['d3', 0.9], ['d1', 0.8], ['d9', 0.7], ['d2', 0.6]])],
    ['q2', new Map([['d1', 0.5], ['d5', 0.5]])],
    ['q4', new Map([['d1', 0.3]])],
  ]);
  const e = evaluateRanking(qrels, run, [2, 5]);
  assert.deepEqual(Object.keys(e.mean), rankingMetricNames([2, 5]));
  // q1 (as above) + q2 (perfect: 1) + q3 (missing: 0), over 3 queries
  close(e.mean.ndcg!, ((2 / L3 + 1 / L5) / (2 + 1 / L3 + 0.5) + 1 + 0) / 3);
  close(e.mean.map!, ((1 / 2 + 2 / 4) / 3 + 1 + 0) / 3);
  close(e.mean.mrr!, (0.5 + 1 + 0) / 3);
  close(e.mean['p@5']!, (2 / 5 + 2 / 5 + 0) / 3);
  close(e.mean['recall@2']!, (1 / 3 + 1 + 0) / 3);
  assert.deepEqual(e.perQuery.map((q) => [q.query, q.retrieved, q.relevant]), [['q1', 4, 3], ['q2', 2, 2], ['q3', 0, 1]]);
  assert.ok(Object.values(e.perQuery[2]!.metrics).every((v) => v === 0));
  assert.deepEqual(e.counts, { queries: 3, queriesMissingFromRun: 1, queriesWithoutRelevant: 0, runQueriesNotInQrels: 1, unjudgedRetrieved: 1 });
});

test('rankingMetricNames lists the whole-list metrics, then each cutoff family', () => {
  assert.deepEqual(rankingMetricNames([10]), ['ndcg', 'ndcg_binary', 'map', 'mrr', 'ndcg@10', 'ndcg_binary@10', 'p@10', 'recall@10']);
});
