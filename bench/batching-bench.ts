/**
 * `npm run bench:batching`: what length-bucketed batching saves on the real resumes and job
 * descriptions. Padding waste (positions computed vs real tokens) is counted over the whole
 * data sets without inference and does not depend on the machine; embedding time is measured
 * on a slice (BENCH_SLICE texts of each, default 200; 0 skips timing), input order and length order
 * alternately, with the largest difference between the two sets of vectors.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTexts } from '../src/commands/load-texts.js';
import { batchOrder, DEFAULT_BATCH_SIZE, Embedder } from '../src/embed/embedder.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { TextTokenizer } from '../src/tokenize/text-tokenizer.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:batching needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const shape = process.env['BENCH_SHAPE'] ?? 'all-MiniLM-L6-v2';
const slice = Number(process.env['BENCH_SLICE'] ?? 200);
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
const batchSize = DEFAULT_BATCH_SIZE;
const modelDir = await randomBertModelDir(path.join(shared, 'models', shape));
const model = await loadModelDirectory(modelDir);
const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength);
const sources = [
  ['resumes', path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), 'candidate'],
  ['job descriptions', path.join(shared, 'data', 'jobs', 'job_descriptions.csv'), 'job'],
] as const;

/** Positions the model computes when `lengths` are cut into batches in `order`. */
function computed(lengths: readonly number[], order: readonly number[]): number {
  let total = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    total += batch.length * Math.max(...batch.map((i) => lengths[i] as number));
  }
  return total;
}

console.log(`model: ${shape} shape, random weights, max_seq_length ${model.maxSeqLength}; batch ${batchSize}; threads ${threads}; ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}`);
console.log('| texts | count | real tokens | computed, input order | waste | computed, by length | waste |');
console.log('|---|---|---|---|---|---|---|');
const slices: Array<[string, string[]]> = [];
for (const [label, file, kind] of sources) {
  const { texts } = await loadTexts(file, { kind });
  const lengths = texts.map((t) => tokenizer.encode(t).ids.length);
  const real = lengths.reduce((a, b) => a + b, 0);
  const plain = computed(lengths, batchOrder(lengths, false));
  const sorted = computed(lengths, batchOrder(lengths, true));
  const waste = (c: number): string => `${((100 * (c - real)) / c).toFixed(1)}%`;
  console.log(`| ${label} | ${texts.length} | ${real} | ${plain} | ${waste(plain)} | ${sorted} | ${waste(sorted)} |`);
  slices.push([label, texts.slice(0, slice)]);
}
const mixed = slices.flatMap(([, t]) => t);
if (mixed.length === 0) process.exit(0);
const embedder = await Embedder.open(model, { threads });
console.log(`\ntiming on the first ${slice} resumes + ${slice} job descriptions (${mixed.length} texts), alternating, best of 2:`);
// CPU seconds beside wall seconds: on a shared machine other processes stretch wall time far
// more than they change the CPU time this process spends (most telling with BENCH_THREADS=1).
const best = { input: Infinity, length: Infinity };
const bestCpu = { input: Infinity, length: Infinity };
let maxDiff = 0;
for (let round = 0; round < 2; round++) {
  for (const sortByLength of [false, true]) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await embedder.embed(mixed, { batchSize, sortByLength });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const key = sortByLength ? 'length' : 'input';
    best[key] = Math.min(best[key], ms);
    bestCpu[key] = Math.min(bestCpu[key], cpuS);
    console.log(`  ${key} order: ${(ms / 1000).toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU, ${result.tokens} real tokens, ${result.computedTokens} computed`);
    if (sortByLength) {
      const reference = await embedder.embed(mixed.slice(0, 20), { batchSize, sortByLength: false });
      for (let i = 0; i < reference.vectors.length; i++) maxDiff = Math.max(maxDiff, Math.abs((reference.vectors[i] as number) - (result.vectors[i] as number)));
    }
  }
}
await embedder.dispose();
console.log(`best wall: input order ${(best.input / 1000).toFixed(2)} s, by length ${(best.length / 1000).toFixed(2)} s (${(best.input / best.length).toFixed(2)}x)`);
console.log(`best CPU: input order ${bestCpu.input.toFixed(2)} s, by length ${bestCpu.length.toFixed(2)} s (${(bestCpu.input / bestCpu.length).toFixed(2)}x)`);
console.log(`max |diff| of the first 20 vectors, length order vs input order: ${maxDiff.toExponential(1)}`);
