import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentReporter } from '../../src/reporter.js';
import { Embedder } from '../../src/embed/embedder.js';
import { UsageError } from '../../src/errors.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { writeCrossEncoderFixture } from '../support/fixtures/tiny-cross-encoder.js';
import { CrossEncoder } from '../../src/rerank/cross-encoder.js';
import { rerank, type JobRanking } from '../../src/rerank/pipeline.js';
import { readSkills, type Skill } from '../../src/rerank/skills.js';
import { inferenceCallCount } from '../../src/runtime/session.js';
import { fixture } from '../support/paths.js';

const retriever = await loadModelDirectory(fixture('models', 'tiny-bert'));
const reranker = await loadModelDirectory(fixture('models', 'tiny-cross-encoder'));
const { skills } = await readSkills(fixture('skills', 'skills.csv'));
const JOBS = [
  { id: 'a', title: 'Data Scientist' },
  { id: 'b', title: 'registered nurse' },
  { id: 'c', title: 'sales manager' },
];

/** Cosines of every skill for every title, from a separately opened embedder, in float64. */
async function cosines(titles: readonly string[], skillTexts: readonly string[]): Promise<number[][]> {
  const embedder = await Embedder.open(retriever);
  try {
    const s = await embedder.embed(skillTexts);
    const t = await embedder.embed(titles);
    return titles.map((_, j) =>
      skillTexts.map((_, i) => {
        let dot = 0;
        for (let d = 0; d < s.dim; d++) dot += (t.vectors[j * s.dim + d] as number) * (s.vectors[i * s.dim + d] as number);
        return dot;
      }),
    );
  } finally {
    await embedder.dispose();
  }
}

function assertStrictlyDecreasing(r: JobRanking): void {
  for (let i = 1; i < r.score.length; i++) assert.ok((r.score[i] as number) < (r.score[i - 1] as number), `score ${i} not below its predecessor`);
}

test('blended ranking matches a hand recomputation from independent stage outputs', async () => {
  const k = 4;
  const result = await rerank(JOBS.slice(0, 2), skills, { retriever, reranker, candidates: k, reporter: silentReporter });
  assert.equal(result.retriever.dim, 32);
  assert.deepEqual(result.reranker?.labels, ['irrelevant', 'contextual', 'core']);
  const cos = await cosines(JOBS.map((j) => j.title), skills.map((s) => s.label));
  const encoder = await CrossEncoder.open(reranker);
  try {
    for (const [j, ranking] of result.jobs.entries()) {
      const byBi = skills.map((_, i) => i).sort((x, y) => cos[j]![y]! - cos[j]![x]!);
      const top = byBi.slice(0, k);
      assert.deepEqual([...ranking.skillIndex].sort(), [...top].sort(), 'reranks exactly the bi-encoder top K');
      const { logits } = await encoder.score(top.map((i) => [JOBS[j]!.title, skills[i]!.label] as const));
      const bi = top.map((i) => cos[j]![i]!);
      const ce = top.map((_, n) => logits[n * 3 + 2]!);
      const norm = (v: number[], span: number): number[] => {
        const lo = Math.min(...v);
        const hi = Math.max(...v);
        return v.map((x) => 0.5 + (x - (lo + hi) / 2) / Math.max(hi - lo, span));
      };
      const nb = norm(bi, 0.05);
      const nc = norm(ce, 1);
      const expected = top.map((i, n) => ({ i, final: 0.7 * nb[n]! + 0.3 * nc[n]! })).sort((x, y) => y.final - x.final);
      assert.deepEqual([...ranking.skillIndex], expected.map((e) => e.i));
      expected.forEach((e, rank) => {
        assert.ok(Math.abs((ranking.score[rank] as number) - e.final) <= 2e-6, `final ${rank}: ${ranking.score[rank]} vs ${e.final}`);
        const n = top.indexOf(e.i);
        assert.ok(Math.abs((ranking.biScore[rank] as number) - bi[n]!) < 1e-5);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs((ranking.logits[rank * 3 + c] as number) - logits[n * 3 + c]!) < 1e-5);
        const l = [0, 1, 2].map((c) => logits[n * 3 + c]!);
        const z = l.reduce((a, x) => a + Math.exp(x), 0);
        for (let c = 0; c < 3; c++) assert.ok(Math.abs((ranking.probabilities![rank * 3 + c] as number) - Math.exp(l[c]!) / z) < 1e-6);
        assert.equal(ranking.predicted![rank], l.indexOf(Math.max(...l)));
      });
      assertStrictlyDecreasing(ranking);
    }
  } finally {
    await encoder.dispose();
  }
});

test('skill embeddings are computed once for all job titles', async () => {
  const before = inferenceCallCount();
  await rerank(JOBS, skills, { retriever, reranker, candidates: 4, reporter: silentReporter });
  // 1 batch of skills + 1 batch of titles + 1 cross-encoder batch per title.
  assert.equal(inferenceCallCount() - before, 2 + JOBS.length);
});

test('without a reranker the ranking is the bi-encoder order (stage 2 skipped)', async () => {
  const result = await rerank(JOBS, skills, { retriever, candidates: 3, reporter: silentReporter });
  assert.equal(result.reranker, undefined);
  const cos = await cosines(JOBS.map((j) => j.title), skills.map((s) => s.label));
  result.jobs.forEach((r, j) => {
    assert.equal(r.reranked, 0);
    assert.equal(r.skillIndex.length, 3);
    const order = skills.map((_, i) => i).sort((x, y) => cos[j]![y]! - cos[j]![x]!);
    assert.deepEqual([...r.skillIndex], order.slice(0, 3));
    r.score.forEach((s, i) => assert.ok(Math.abs(s - cos[j]![order[i]!]!) <= 1e-6));
  });
});

test('--full-ranking lists every skill: reranked top K, then the rest in bi-encoder order below them', async () => {
  const k = 2;
  const [short, full] = await Promise.all([
    rerank(JOBS.slice(0, 1), skills, { retriever, reranker, candidates: k, reporter: silentReporter }),
    rerank(JOBS.slice(0, 1), skills, { retriever, reranker, candidates: k, fullRanking: true, reporter: silentReporter }),
  ]);
  const s = short.jobs[0]!;
  const f = full.jobs[0]!;
  assert.equal(f.skillIndex.length, skills.length);
  assert.deepEqual([...f.skillIndex.subarray(0, k)], [...s.skillIndex]);
  assert.deepEqual([...f.score.subarray(0, k)], [...s.score]);
  const tailBi = [...f.biScore.subarray(k)];
  assert.deepEqual(tailBi, [...tailBi].sort((x, y) => y - x));
  assert.equal(new Set(f.skillIndex).size, skills.length);
  assert.ok(Math.abs((f.score[k] as number) - ((f.biScore[k] as number) - 2)) <= 1e-6, 'tail score is cosine - 2');
  assertStrictlyDecreasing(f);
});

test('a single-logit reranker: the logit is the stage-2 score, no softmax, no predicted class', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ce1-'));
  try {
    await writeCrossEncoderFixture(dir, { labels: ['LABEL_0'] });
    const single = await loadModelDirectory(dir);
    const result = await rerank(JOBS.slice(0, 1), skills, { retriever, reranker: single, candidates: 3, reporter: silentReporter });
    const r = result.jobs[0]!;
    assert.equal(r.probabilities, undefined);
    assert.equal(r.predicted, undefined);
    assert.equal(r.logits.length, 3);
    r.ceScore.forEach((c, i) => assert.equal(c, r.logits[i]));
    const before = inferenceCallCount();
    await assert.rejects(rerank(JOBS, skills, { retriever, reranker: single, ceScore: 'p-core', reporter: silentReporter, candidates: 3 }), UsageError);
    assert.equal(inferenceCallCount(), before, 'refused before any embedding');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('K larger than the corpus ranks the whole corpus (a full ranking, said once); alpha outside 0..1 is a usage error', async () => {
  const notices: string[] = [];
  const reporter = { ...silentReporter, notice: (m: string) => void notices.push(m) };
  const result = await rerank(JOBS, skills, { retriever, candidates: 7, reporter });
  assert.equal(result.candidates, 6);
  assert.equal(result.fullRanking, true);
  assert.ok(result.jobs.every((j) => j.skillIndex.length === 6));
  assert.deepEqual(notices.filter((m) => m.includes('fewer than --candidates')), ['note: the skills corpus has 6 skills, fewer than --candidates 7: all 6 are ranked']);
  await assert.rejects(rerank(JOBS, skills, { retriever, alpha: 1.5, candidates: 2, reporter: silentReporter }), /--alpha must be between 0 and 1/);
});

test('skill order in the corpus does not change a ranking (ties cannot reorder)', async () => {
  const reversed: Skill[] = [...skills].reverse();
  const a = (await rerank(JOBS.slice(0, 1), skills, { retriever, reranker, candidates: 6, reporter: silentReporter })).jobs[0]!;
  const b = (await rerank(JOBS.slice(0, 1), reversed, { retriever, reranker, candidates: 6, reporter: silentReporter })).jobs[0]!;
  assert.deepEqual([...a.skillIndex].map((i) => skills[i]!.id), [...b.skillIndex].map((i) => reversed[i]!.id));
});
