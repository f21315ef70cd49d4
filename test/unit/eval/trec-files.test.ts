import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readQrels, readRun } from '../../../src/eval/trec-files.js';
import { evaluateRanking } from '../../../src/metrics/ranking-evaluation.js';
import { inputError } from '../../support/input-helpers.js';
import { fixture, sharedDir, skipWithoutShared } from '../../support/paths.js';

const bad = (name: string): string => fixture('eval', 'malformed', name);

test('readQrels: graded judgements per query, whitespace separated', async () => {
  const qrels = await readQrels(fixture('eval', 'qrels.txt'));
  assert.deepEqual([...qrels.keys()], ['q1', 'q2', 'q3']);
  assert.deepEqual([...qrels.get('q1')!], [['d1', 2], ['d2', 1], ['d3', 0], ['d4', 1]]);
});

test('readRun: tab separated, scores, tags; the rank column is not used for ordering', async () => {
  const { run, tags, lines } = await readRun(fixture('eval', 'run.txt'));
  assert.equal(lines, 7);
  assert.deepEqual(tags, ['sys']);
  assert.deepEqual([...run.get('q2')!], [['d1', 0.5], ['d5', 0.5]]);
});

test('malformed TREC lines name file:line (and the field)', async () => {
  assert.equal(await inputError(readQrels(bad('qrels-short-line.txt'))), `${bad('qrels-short-line.txt')}:2: expected 4 whitespace-separated fields (q_id 0 doc_id rel), found 3`);
  assert.match(await inputError(readQrels(bad('qrels-bad-rel.txt'))), /qrels-bad-rel\.txt:1: field 'rel': relevance must be an integer >= 0, found 'high'/);
  assert.match(await inputError(readRun(bad('run-bad-score.txt'))), /run-bad-score\.txt:1: field 'score': score must be a finite number, found 'abc'/);
  assert.match(await inputError(readRun(bad('run-duplicate.txt'))), /run-duplicate\.txt:3: query 'q1' retrieves document 'd1' twice \(first on line 1\)/);
  assert.match(await inputError(readQrels(bad('qrels-duplicate.txt'))), /qrels-duplicate\.txt:3: query 'q1' judges document 'd1' twice \(first on line 1\)/);
  assert.match(await inputError(readQrels(bad('empty.txt'))), /empty\.txt: no judgements: the qrels file is empty/);
  assert.match(await inputError(readRun(bad('empty.txt'))), /empty\.txt: no retrieved documents/);
  assert.match(await inputError(readRun(fixture('eval', 'nope.txt'))), /nope\.txt: cannot read input: no such file/);
  assert.match(await inputError(readRun(fixture('eval'))), /eval: cannot read input: is a directory/);
});

test('TalentCLEF toy Task B files read and score (../shared)', { skip: skipWithoutShared }, async () => {
  const dir = path.join(sharedDir, 'data', 'talentclef', 'toy-taskB');
  const qrels = await readQrels(path.join(dir, 'qrels.tsv'));
  const { run, lines } = await readRun(path.join(dir, 'sample_run.txt'));
  assert.equal(qrels.size, 10);
  assert.equal([...qrels.values()].reduce((n, q) => n + q.size, 0), 56);
  assert.equal(lines, 100);
  const e = evaluateRanking(qrels, run, [10]);
  assert.equal(e.counts.queriesMissingFromRun, 0);
  for (const v of Object.values(e.mean)) assert.ok(v >= 0 && v <= 1);
});

test('ESCO job2skill qrels: 3,007 queries, 123,788 graded judgements (../shared)', { skip: skipWithoutShared }, async () => {
  const qrels = await readQrels(path.join(sharedDir, 'data', 'esco-job2skill', 'qrels.tsv'));
  let judgements = 0;
  const grades = new Map<number, number>();
  for (const q of qrels.values()) for (const g of q.values()) {
    judgements++;
    grades.set(g, (grades.get(g) ?? 0) + 1);
  }
  assert.equal(qrels.size, 3007);
  assert.equal(judgements, 123788);
  // README: 64,891 core (2) and 58,897 contextual (1)
  assert.deepEqual([...grades].sort(), [[1, 58897], [2, 64891]]);
});
