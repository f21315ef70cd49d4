import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const base = [
  'eval', 'rerank', '--queries', fixture('skills', 'queries'), '--skills', fixture('skills', 'corpus_elements'),
  '--qrels', fixture('eval', 'rerank-qrels.txt'), '--retriever', TINY_MODEL, '--quiet', '--candidates', '3', '--full-ranking',
];
const CE = ['--reranker', fixture('models', 'tiny-cross-encoder')];

test('eval rerank: stage 1 and blend side by side, alpha sweep re-blends the same scores', async () => {
  const r = await runCli([...base, ...CE, '--alpha-sweep', '0,0.7,1']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Record<string, any>;
  assert.deepEqual(Object.keys(doc), ['eval', 'queries', 'skills', 'qrels', 'retriever', 'reranker', 'settings', 'cutoffs', 'counts', 'metrics', 'stage1', 'blend', 'alpha_sweep', 'gates']);
  assert.deepEqual(doc.settings, { candidates: 3, alpha: 0.7, skill_text: 'label', full_ranking: true, corpus: 6 });
  assert.equal(doc.counts.queries, 3);
  assert.equal(doc.counts.qrels_queries_not_run, 1, 'q_9 is judged but not in the queries file');
  assert.deepEqual(doc.metrics, doc.blend, 'the gated metrics are the final system');
  assert.deepEqual(doc.alpha_sweep.map((p: any) => p.alpha), [0, 0.7, 1]);
  assert.deepEqual(doc.alpha_sweep[1].metrics, doc.blend, 'sweep at --alpha = the pipeline blend');
  assert.deepEqual(doc.alpha_sweep[2].metrics, doc.stage1, 'alpha 1 = stage-1 order');
  for (const v of Object.values(doc.stage1)) assert.ok((v as number) >= 0 && (v as number) <= 1);
});

test('eval rerank without a reranker: stage 1 only; gates on stage1.* names', async () => {
  const r = await runCli([...base, '--min', 'stage1.ndcg=0', '--min', 'recall@10=1.01']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /quality gate failed: recall@10 1 < 1\.01/);
  const doc = JSON.parse(r.stdout) as Record<string, any>;
  assert.equal(doc.blend, null);
  assert.equal(doc.reranker, null);
  assert.deepEqual(doc.metrics, doc.stage1);
  const sweep = await runCli([...base, '--alpha-sweep', '0,1']);
  assert.equal(sweep.code, 2);
  assert.match(sweep.stderr, /--alpha-sweep re-blends the cross-encoder scores: give --reranker/);
  const unknown = await runCli([...base, '--min', 'stage2.ndcg=0.5']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /valid metrics: ndcg, .*stage1\.ndcg/);
});
