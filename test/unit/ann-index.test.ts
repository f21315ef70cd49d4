import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentReporter } from '../../src/reporter.js';
import { UsageError } from '../../src/errors.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { buildAnnIndex } from '../../src/rerank/ann-index.js';
import { rerank } from '../../src/rerank/pipeline.js';
import { readSkills } from '../../src/rerank/skills.js';
import { TopK } from '../../src/similarity/top-k.js';
import { fixture } from '../support/paths.js';
import { randomUnitRows } from '../support/seeded-random.js';

function exactTop(vectors: Float32Array, query: Float32Array, n: number, dim: number, k: number): number[] {
  const top = new TopK(k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += query[d]! * vectors[i * dim + d]!;
    top.push(s, i);
  }
  return top.sorted().map((x) => x.index);
}

test('HNSW recall@10 against exact search on random unit vectors is high', async () => {
  const n = 2000;
  const dim = 32;
  const vectors = randomUnitRows(n, dim, 7);
  const queries = randomUnitRows(50, dim, 8);
  const index = await buildAnnIndex(vectors, n, dim, { efSearch: 100 });
  let hits = 0;
  for (let q = 0; q < 50; q++) {
    const query = queries.subarray(q * dim, (q + 1) * dim);
    const exact = new Set(exactTop(vectors, query, n, dim, 10));
    hits += index.search(query, 10).filter((i) => exact.has(i)).length;
  }
  const recall = hits / 500;
  assert.ok(recall >= 0.95, `recall@10 ${recall}`);
  // A stored vector finds itself first.
  assert.equal(index.search(vectors.subarray(5 * dim, 6 * dim), 1)[0], 5);
});

test('--ann gives the exact ranking on a small corpus and refuses --full-ranking', async () => {
  const retriever = await loadModelDirectory(fixture('models', 'tiny-bert'));
  const reranker = await loadModelDirectory(fixture('models', 'tiny-cross-encoder'));
  const { skills } = await readSkills(fixture('skills', 'skills.csv'));
  const jobs = [{ id: '1', title: 'nurse' }, { id: '2', title: 'python developer' }];
  const exact = await rerank(jobs, skills, { retriever, reranker, candidates: 4, reporter: silentReporter });
  const approx = await rerank(jobs, skills, { retriever, reranker, candidates: 4, ann: {}, reporter: silentReporter });
  assert.equal(approx.search, 'hnsw');
  approx.jobs.forEach((r, j) => {
    assert.deepEqual([...r.skillIndex], [...exact.jobs[j]!.skillIndex]);
    assert.deepEqual([...r.score], [...exact.jobs[j]!.score]);
  });
  await assert.rejects(rerank(jobs, skills, { retriever, ann: {}, fullRanking: true, candidates: 2, reporter: silentReporter }), UsageError);
});
