/**
 * `npm run bench:rerank`: the SkillScout pipeline on random-weight models of the real shapes
 * over the 13,896 ESCO skills: the one-off cost of embedding the corpus, then the latency per
 * job title (embed the title, exact top K, cross-encoder on K pairs, blend). Figures go to
 * docs/benchmarks.md. Not a test: nothing here asserts a speed.
 *
 * Then recall@200 of --ann (HNSW) against exact search over BENCH_ANN_TITLES (default 300) titles.
 *
 * Env: BENCH_PARTS (default "retrieval,rerank,ann"); BENCH_TITLES (default 20) titles from esco-job2skill/queries; BENCH_THREADS;
 * BENCH_RETRIEVER (a ../shared/models folder, default all-mpnet-base-v2).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedSets } from '../src/embed/embed-sets.js';
import { silentReporter, type Reporter } from '../src/reporter.js';
import { buildAnnIndex } from '../src/rerank/ann-index.js';
import { forEachSimilarityBlock } from '../src/similarity/block-similarity.js';
import { TopK } from '../src/similarity/top-k.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { readJobTitles } from '../src/rerank/job-titles.js';
import { rerankEach } from '../src/rerank/pipeline.js';
import { readSkills } from '../src/rerank/skills.js';
import { quantizeModelDirectory } from '../src/quantize/quantize-model-dir.js';
import { randomCrossEncoderDir } from './random-cross-encoder.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:rerank needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const nTitles = Number(process.env['BENCH_TITLES'] ?? 20);
const nAnnTitles = Number(process.env['BENCH_ANN_TITLES'] ?? 300);
// The shapes: an all-mpnet-base-v2 bi-encoder (BENCH_RETRIEVER=all-MiniLM-L6-v2 for the
// smaller one), both models as `models convert` writes them; BENCH_INT8=1 quantizes both.
const retrieverShape = process.env['BENCH_RETRIEVER'] ?? 'all-mpnet-base-v2';
const K = 200;
const parts = new Set((process.env['BENCH_PARTS'] ?? 'retrieval,rerank,ann').split(','));

const skills = (await readSkills(path.join(shared, 'data', 'esco', 'skills_en.csv'))).skills;
const allTitles = await readJobTitles(path.join(shared, 'data', 'esco-job2skill', 'queries'));
const titles = allTitles.slice(0, nTitles);
const int8 = process.env['BENCH_INT8'] === '1';
/** The int8 copy `models quantize` writes, built once beside the float32 directory. */
async function variant(dir: string): Promise<string> {
  if (!int8) return dir;
  const out = `${dir}-int8`;
  if (!existsSync(out)) await quantizeModelDirectory(dir, out);
  return out;
}
const retriever = await loadModelDirectory(await variant(await randomBertModelDir(path.join(shared, 'models', retrieverShape))));
const reranker = await loadModelDirectory(await variant(await randomCrossEncoderDir(path.join(shared, 'models', 'ms-marco-MiniLM-L-12-v2'), ['irrelevant', 'contextual', 'core'])));

/** Timestamps when each progress bar stops (embedding skills / job titles). */
function timingReporter(marks: Map<string, { wall: number; cpu: number }>): Reporter {
  return { progress: (label) => ({ update: () => undefined, stop: () => marks.set(label, { wall: performance.now(), cpu: cpuMs() }) }), notice: () => undefined };
}

/** Process CPU time (all threads), which a busy shared machine inflates far less than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function run(withReranker: boolean): Promise<{ corpusS: number; perTitleMs: number; perTitleCpuMs: number; rssMb: number }> {
  const marks = new Map<string, { wall: number; cpu: number }>();
  const start = performance.now();
  let last = start;
  let lastCpu = cpuMs();
  await rerankEach(
    titles,
    skills,
    { retriever, reranker: withReranker ? reranker : undefined, candidates: K, threads, reporter: timingReporter(marks) },
    () => {
      last = performance.now();
      lastCpu = cpuMs();
    },
  );
  const corpusDone = marks.get('embedding skills') ?? { wall: start, cpu: 0 };
  return {
    corpusS: (corpusDone.wall - start) / 1000,
    perTitleMs: (last - corpusDone.wall) / titles.length,
    perTitleCpuMs: (lastCpu - corpusDone.cpu) / titles.length,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
}

console.log(`retriever: ${retrieverShape} shape; reranker: ms-marco-MiniLM-L-12-v2 shape with 3 labels; random weights; ${skills.length} ESCO skills; ${titles.length} titles; K=${K}; threads ${threads}; ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}`);
const runs = [false, true].filter((withReranker) => parts.has(withReranker ? 'rerank' : 'retrieval'));
if (runs.length > 0) {
  console.log('| run | corpus embedding s (one-off) | per title ms, wall (after the corpus) | per title CPU ms (all threads) | RSS MB |');
  console.log('|---|---|---|---|---|');
}
for (const withReranker of runs) {
  const m = await run(withReranker);
  console.log(`| ${withReranker ? 'retrieval + rerank top 200' : 'retrieval only'} | ${m.corpusS.toFixed(1)} | ${m.perTitleMs.toFixed(0)} | ${m.perTitleCpuMs.toFixed(0)} | ${m.rssMb.toFixed(0)} |`);
}

/** recall@K of the HNSW index against exact top K, and the search time of each, per title. */
async function annRecall(): Promise<void> {
  const annTitles = allTitles.slice(0, nAnnTitles);
  const { dim, sets } = await embedSets(retriever, [{ label: 'skills', texts: skills.map((s) => s.label) }, { label: 'titles', texts: annTitles.map((t) => t.title) }], { batchSize: 50, threads, reporter: silentReporter });
  const [sk, ti] = sets as [(typeof sets)[0], (typeof sets)[0]];
  let t0 = performance.now();
  const exact: Array<Set<number>> = [];
  await forEachSimilarityBlock(ti.vectors, ti.count, sk.vectors, sk.count, dim, (_start, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const top = new TopK(K);
      for (let i = 0; i < sk.count; i++) top.push(block[r * sk.count + i] as number, i);
      exact.push(new Set(top.sorted().map((x) => x.index)));
    }
  });
  const exactMs = (performance.now() - t0) / ti.count;
  t0 = performance.now();
  const index = await buildAnnIndex(sk.vectors, sk.count, dim);
  const buildS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  let hits = 0;
  for (let j = 0; j < ti.count; j++) {
    const found = index.search(ti.vectors.subarray(j * dim, (j + 1) * dim), K);
    hits += found.filter((i) => exact[j]?.has(i)).length;
  }
  const annMs = (performance.now() - t0) / ti.count;
  console.log(`\n--ann (HNSW M=16, efConstruction=200, ef=${2 * K}) over ${sk.count} skills, ${ti.count} titles, dim ${dim}:`);
  console.log('| search | build s | ms per title | recall@200 vs exact |');
  console.log('|---|---|---|---|');
  console.log(`| exact (block similarity + top-K) | - | ${exactMs.toFixed(1)} | 1 |`);
  console.log(`| HNSW | ${buildS.toFixed(1)} | ${annMs.toFixed(1)} | ${(hits / (ti.count * K)).toFixed(4)} |`);
}

if (parts.has('ann')) await annRecall();
