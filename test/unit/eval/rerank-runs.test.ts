import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentReporter } from '../../../src/reporter.js';
import { reblend, reduceRanking, runFromOrders } from '../../../src/eval/rerank-runs.js';
import { resolveModel } from '../../../src/sources/resolve-model.js';
import { rankDocs } from '../../../src/metrics/ranking-metrics.js';
import { rerank, type JobRanking } from '../../../src/rerank/pipeline.js';
import { readJobTitles } from '../../../src/rerank/job-titles.js';
import { readSkills } from '../../../src/rerank/skills.js';
import { TINY_MODEL } from '../../support/cli.js';
import { fixture } from '../../support/paths.js';

test('runFromOrders: strictly decreasing scores that rankDocs turns back into the order', () => {
  const run = runFromOrders([{ query: 'q1', order: Uint32Array.of(2, 0, 1) }], ['a', 'b', 'c']);
  assert.deepEqual([...run.get('q1')!], [['c', 3], ['a', 2], ['b', 1]]);
  assert.deepEqual(rankDocs(run.get('q1')!), ['c', 'a', 'b']);
});

test('reduceRanking restores the stage-1 order; reblend at alpha 1 and 0 follows each stage', () => {
  // Blended order: skill 7 (cos 0.5, ce 3), skill 2 (cos 0.9, ce -1), skill 4 (cos 0.5, ce 0); tail: 9.
  // Stage 1 (cos desc, equal cos -> lower index): 2, 4, 7, then 9.
  const ranking = {
    job: { id: 'q', title: 't' },
    skillIndex: Uint32Array.of(7, 2, 4, 9),
    score: Float64Array.of(0.9, 0.8, 0.7, -1.5),
    biScore: Float32Array.of(0.5, 0.9, 0.5, 0.1),
    reranked: 3,
    logits: new Float32Array(0),
    probabilities: undefined,
    predicted: undefined,
    ceScore: Float64Array.of(3, -1, 0),
  } satisfies JobRanking;
  const q = reduceRanking(ranking);
  assert.deepEqual([...q.stage1], [2, 4, 7, 9]);
  assert.deepEqual([...q.bi], [Math.fround(0.9), 0.5, 0.5]); // cosines are float32
  assert.deepEqual([...q.ce], [-1, 0, 3]);
  assert.deepEqual([...reblend(q, 1, 'logit')], [2, 4, 7, 9], 'alpha 1: cosine only (tie 4/7 kept in stage-1 order)');
  assert.deepEqual([...reblend(q, 0, 'logit')], [7, 4, 2, 9], 'alpha 0: cross-encoder only; the tail stays last');
});

test('reblend at the pipeline alpha reproduces the pipeline ranking (tiny models)', async () => {
  const titles = await readJobTitles(fixture('skills', 'queries'));
  const { skills } = await readSkills(fixture('skills', 'corpus_elements'));
  for (const alpha of [0.3, 0.7]) {
    const result = await rerank(titles, skills, {
      retriever: await resolveModel(TINY_MODEL),
      reranker: await resolveModel(fixture('models', 'tiny-cross-encoder')),
      candidates: 4,
      alpha,
      fullRanking: true,
      reporter: silentReporter,
    });
    for (const job of result.jobs) {
      const q = reduceRanking(job);
      assert.deepEqual([...reblend(q, alpha, 'logit')], [...job.skillIndex], `${job.job.id} alpha ${alpha}`);
    }
  }
});
