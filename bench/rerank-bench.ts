/**
 * `npm run bench:rerank`: the SkillScout pipeline on random-weight models of the real shapes
 * over the 13,896 ESCO skills: the one-off cost of embedding the corpus, then the latency per
 * job title (embed the title, exact top K, cross-encoder on K pairs, blend). Figures go to
 * docs/benchmarks.md. Not a test: nothing here asserts a speed.
 *
 * Env: BENCH_TITLES (default 20) titles from esco-job2skill/queries; BENCH_THREADS;
 * BENCH_RETRIEVER (a ../shared/models folder, default all-MiniLM-L6-v2, see below).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter } from '../src/commands/reporter.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { readJobTitles } from '../src/rerank/job-titles.js';
import { rerankEach } from '../src/rerank/pipeline.js';
import { readSkills } from '../src/rerank/skills.js';
import { randomBertModelDir, randomCrossEncoderDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:rerank needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const nTitles = Number(process.env['BENCH_TITLES'] ?? 20);
// The issue asks for the all-mpnet-base-v2 shape; resumator has no MPNet graph builder yet, so
// the default is the BERT all-MiniLM-L6-v2 shape (384-d, 6 layers). Name another BERT folder to compare.
const retrieverShape = process.env['BENCH_RETRIEVER'] ?? 'all-MiniLM-L6-v2';
const K = 200;

const skills = (await readSkills(path.join(shared, 'data', 'esco', 'skills_en.csv'))).skills;
const titles = (await readJobTitles(path.join(shared, 'data', 'esco-job2skill', 'queries'))).slice(0, nTitles);
const retriever = await loadModelDirectory(await randomBertModelDir(path.join(shared, 'models', retrieverShape)));
const reranker = await loadModelDirectory(await randomCrossEncoderDir(path.join(shared, 'models', 'ms-marco-MiniLM-L-12-v2'), ['irrelevant', 'contextual', 'core']));

/** Timestamps when each progress bar stops (embedding skills / job titles). */
function timingReporter(marks: Map<string, number>): Reporter {
  return { progress: (label) => ({ update: () => undefined, stop: () => marks.set(label, performance.now()) }), notice: () => undefined };
}

async function run(withReranker: boolean): Promise<{ corpusS: number; perTitleMs: number; rssMb: number }> {
  const marks = new Map<string, number>();
  const start = performance.now();
  let last = start;
  await rerankEach(
    titles,
    skills,
    { retriever, reranker: withReranker ? reranker : undefined, candidates: K, threads, reporter: timingReporter(marks) },
    () => {
      last = performance.now();
    },
  );
  const corpusDone = marks.get('embedding skills') ?? start;
  return { corpusS: (corpusDone - start) / 1000, perTitleMs: (last - corpusDone) / titles.length, rssMb: process.memoryUsage().rss / 2 ** 20 };
}

console.log(`retriever: ${retrieverShape} shape; reranker: ms-marco-MiniLM-L-12-v2 shape with 3 labels; random weights; ${skills.length} ESCO skills; ${titles.length} titles; K=${K}; threads ${threads}; ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}`);
console.log('| run | corpus embedding s (one-off) | per title ms (after the corpus) | RSS MB |');
console.log('|---|---|---|---|');
for (const withReranker of [false, true]) {
  const m = await run(withReranker);
  console.log(`| ${withReranker ? 'retrieval + rerank top 200' : 'retrieval only'} | ${m.corpusS.toFixed(1)} | ${m.perTitleMs.toFixed(0)} | ${m.rssMb.toFixed(0)} |`);
}
