/**
 * `npm run bench:quantize`: fp32 vs int8 (both encodings, with and without int8 embedding
 * tables) on a random-weight model of the all-MiniLM-L6-v2 shape: model file size, texts/s on
 * the first N real resumes, and cosine agreement of the int8 embeddings with the fp32 ones.
 * Figures go to docs/models.md (Quantization). Not a test: nothing here asserts a speed.
 */
import { existsSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTexts } from '../src/commands/load-texts.js';
import { Embedder } from '../src/embed/embedder.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { cosineAgreement } from '../src/quantize/agreement.js';
import { quantizeModelDirectory } from '../src/quantize/quantize-model-dir.js';
import type { QuantizeEncoding } from '../src/quantize/quantize-onnx.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:quantize needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const count = Number(process.env['BENCH_TEXTS'] ?? 100);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const shape = process.env['BENCH_SHAPE'] ?? 'all-MiniLM-L6-v2';
const resumes = path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv');
const texts = (await loadTexts(resumes, { kind: 'candidate' })).texts.slice(0, count);
const fp32Dir = await randomBertModelDir(path.join(shared, 'models', shape));

interface Variant {
  label: string;
  dir: string;
}
const variants: Variant[] = [{ label: 'fp32', dir: fp32Dir }];
const configs: Array<[QuantizeEncoding, boolean]> = [
  ['contrib', true],
  ['standard', true],
  ['contrib', false],
];
for (const [encoding, embeddings] of configs) {
  const dir = path.join(os.tmpdir(), 'resumator-bench', `${path.basename(fp32Dir)}-int8-${encoding}${embeddings ? '' : '-fp32-emb'}`);
  await rm(dir, { recursive: true, force: true });
  await quantizeModelDirectory(fp32Dir, dir, { encoding, embeddings });
  variants.push({ label: `int8 ${encoding}${embeddings ? '' : ', fp32 embeddings'}`, dir });
}

/**
 * CPU time (user + system of this process) is reported beside wall time: on a machine shared
 * with other jobs it moves much less than wall time, most of all with one intra-op thread
 * (with more, onnxruntime's spinning worker threads add CPU time that is not work).
 * Rounds interleave the variants (fp32, int8, int8, ..., fp32, int8, ...) and each keeps its
 * best pass, so a burst of load from other processes penalises no variant in particular.
 */
process.stdout.write(`${shape} shape, random weights; ${texts.length} resumes; ${threads} threads; best of ${rounds} interleaved rounds\n\n`);
const runs = [];
for (const variant of variants) {
  const model = await loadModelDirectory(variant.dir);
  const embedder = await Embedder.open(model, { threads });
  await embedder.embed(texts.slice(0, 8));
  runs.push({ variant, embedder, bytes: (await stat(model.modelFile)).size, best: Infinity, bestCpu: Infinity, vectors: new Float32Array(0) as Float32Array, dim: 0 });
}
for (let r = 0; r < rounds; r++) {
  for (const run of runs) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await run.embedder.embed(texts, { batchSize: 50 });
    run.best = Math.min(run.best, performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    run.bestCpu = Math.min(run.bestCpu, (cpu.user + cpu.system) / 1000);
    run.vectors = result.vectors;
    run.dim = result.dim;
  }
}
process.stdout.write('| model | model.onnx MB | size ratio | texts/s | speed-up | CPU ms/text | CPU speed-up | cosine mean | cosine min |\n|---|---|---|---|---|---|---|---|---|\n');
const reference = runs[0] as (typeof runs)[0];
const rate = (ms: number): number => (texts.length * 1000) / ms;
for (const run of runs) {
  await run.embedder.dispose();
  const agreement = cosineAgreement(reference.vectors, run.vectors, texts.length, run.dim);
  const cells = [
    run.variant.label,
    (run.bytes / 1e6).toFixed(1),
    (run.bytes / reference.bytes).toFixed(3),
    rate(run.best).toFixed(1),
    `${(rate(run.best) / rate(reference.best)).toFixed(2)}x`,
    (run.bestCpu / texts.length).toFixed(1),
    `${(reference.bestCpu / run.bestCpu).toFixed(2)}x`,
    agreement.mean.toFixed(5),
    agreement.min.toFixed(5),
  ];
  process.stdout.write(`| ${cells.join(' | ')} |\n`);
}
// Random-weight models map all texts close together; the spread between different texts says
// how much room there is for an int8 error to matter.
let pairSum = 0;
let pairs = 0;
for (let i = 0; i < texts.length; i++) {
  for (let j = i + 1; j < texts.length; j++) {
    pairSum += cosineAgreement(reference.vectors.subarray(i * reference.dim, (i + 1) * reference.dim), reference.vectors.subarray(j * reference.dim, (j + 1) * reference.dim), 1, reference.dim).mean;
    pairs++;
  }
}
process.stdout.write(`\nmean fp32 cosine between different texts: ${(pairSum / pairs).toFixed(4)}\n`);
