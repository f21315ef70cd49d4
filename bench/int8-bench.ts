/**
 * `npm run bench:int8`: resumator's int8 models against its own fp32 ones, for the shapes of
 * all-MiniLM-L6-v2 and all-mpnet-base-v2 (random weights, real configs and tokenizers):
 * texts/s on real resumes and job descriptions, cosine agreement with fp32, and the overlap of
 * the top-10 candidates per job of the resumes x job descriptions score ranking. fp32 is what
 * `models convert` writes; int8 what `models convert --quantize int8` (or `models quantize`)
 * writes. Also this machine's fp32 and int8 MatMul peaks.
 * Not a test: nothing here asserts a speed.
 */
import { existsSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Embedder } from '../src/embed/embedder.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { cosineAgreement } from '../src/quantize/agreement.js';
import { quantizeModelDirectory } from '../src/quantize/quantize-model-dir.js';
import { forEachSimilarityBlock } from '../src/similarity/block-similarity.js';
import { TopKGroups } from '../src/similarity/top-k.js';
import { TextTokenizer } from '../src/tokenize/text-tokenizer.js';
import { loadBenchTexts } from './bench-texts.js';
import { measureMatMulPeak } from './matmul-peak.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:int8 needs ../shared beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
const shapes = (process.env['BENCH_ONLY'] ?? 'all-MiniLM-L6-v2,all-mpnet-base-v2').split(',');
const limitFor = (shape: string): number => Number(process.env['BENCH_TEXTS'] ?? (shape.includes('mpnet') ? 100 : 300));

/** Mean share of each job's top 10 candidates under fp32 that int8 also puts in its top 10. */
async function top10Overlap(a: { cands: Float32Array; jobs: Float32Array }, b: { cands: Float32Array; jobs: Float32Array }, nC: number, nJ: number, dim: number): Promise<number> {
  const tops = async (v: { cands: Float32Array; jobs: Float32Array }): Promise<TopKGroups> => {
    const groups = new TopKGroups(nC, nJ, { k: 10, per: 'job' });
    await forEachSimilarityBlock(v.cands, nC, v.jobs, nJ, dim, (s, c, block) => groups.addBlock(s, c, block));
    return groups;
  };
  const [ga, gb] = [await tops(a), await tops(b)];
  let sum = 0;
  for (let j = 0; j < nJ; j++) {
    const inB = new Set(gb.sorted(j).map((x) => x.index));
    sum += ga.sorted(j).filter((x) => inB.has(x.index)).length / 10;
  }
  return sum / nJ;
}

const fp32Peak = await measureMatMulPeak(threads);
const int8Peak = await measureMatMulPeak(threads, undefined, 5, true);
console.log(`MatMul peaks (${fp32Peak.shape.join('x')}): fp32 ${fp32Peak.gflops.toFixed(1)} GFLOP/s, int8 ${int8Peak.gflops.toFixed(1)} GOP/s; ${threads} threads; best of ${rounds} interleaved rounds\n`);
console.log('| shape | model | model.onnx MB | texts | texts/s | speed-up | cosine mean / min vs fp32 | top-10 overlap |');
console.log('|---|---|---|---|---|---|---|---|');
for (const shape of shapes) {
  const source = path.join(shared, 'models', shape);
  const fp32Dir = await randomBertModelDir(source, 1234);
  const int8Dir = path.join(os.tmpdir(), 'resumator-bench', `${shape}-random-1234-int8`);
  await rm(int8Dir, { recursive: true, force: true });
  await quantizeModelDirectory(fp32Dir, int8Dir);
  const model = await loadModelDirectory(fp32Dir);
  const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength, model.config['pad_token_id'] as number);
  const cands = await loadBenchTexts('resumes', path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), 'candidate', limitFor(shape), tokenizer);
  const jobs = await loadBenchTexts('job descriptions', path.join(shared, 'data', 'jobs', 'job_descriptions.csv'), 'job', limitFor(shape), tokenizer);
  const runs = [];
  for (const [label, dir] of [['fp32', fp32Dir], ['int8', int8Dir]] as const) {
    const embedder = await Embedder.open(await loadModelDirectory(dir), { threads });
    await embedder.embed(cands.texts.slice(0, 4));
    runs.push({ label, embedder, bytes: (await stat(path.join(dir, 'model.onnx'))).size, best: Infinity, cands: new Float32Array(0) as Float32Array<ArrayBufferLike>, jobs: new Float32Array(0) as Float32Array<ArrayBufferLike>, dim: 0 });
  }
  for (let r = 0; r < rounds; r++) {
    for (const run of runs) {
      const start = performance.now();
      const c = await run.embedder.embed(cands.texts);
      const j = await run.embedder.embed(jobs.texts);
      run.best = Math.min(run.best, performance.now() - start);
      [run.cands, run.jobs, run.dim] = [c.vectors, j.vectors, c.dim];
    }
  }
  const [fp32, int8] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const n = cands.texts.length + jobs.texts.length;
  for (const run of runs) {
    await run.embedder.dispose();
    const agree = cosineAgreement(Float32Array.from([...fp32.cands, ...fp32.jobs]), Float32Array.from([...run.cands, ...run.jobs]), n, run.dim);
    const overlap = run === fp32 ? 1 : await top10Overlap(fp32, int8, cands.texts.length, jobs.texts.length, run.dim);
    console.log(`| ${shape} | ${run.label} | ${(run.bytes / 1e6).toFixed(1)} | ${n} | ${((n * 1000) / run.best).toFixed(1)} | ${(fp32.best / run.best).toFixed(2)}x | ${agree.mean.toFixed(5)} / ${agree.min.toFixed(5)} | ${overlap.toFixed(3)} |`);
  }
}
