/**
 * `npm run bench:decoder-ops`: the decoder graph with standard ONNX operators against variants
 * with onnxruntime's contrib operators (SimplifiedLayerNormalization/SkipSimplifiedLayer-
 * Normalization, RotaryEmbedding, GroupQueryAttention, MultiHeadAttention), on random weights of
 * a real model's shape (default Qwen2.5-0.5B-Instruct; BENCH_LAYERS of its 24 layers, full
 * vocabulary and tied head). Each variant is first checked against the float64 reference, then
 * timed in interleaved rounds (best of BENCH_ROUNDS): a batch-1 prefill of a real resume, batch-1
 * decode steps, a batch of suffixes prefilled on a shared prefix's cache, and batched decode.
 * Figures go to docs/models.md. Not a test: nothing here asserts a speed.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContribOps } from '../src/architectures/decoder/contrib-layers.js';
import { randomDecoderWeights } from '../test/support/fixtures/decoder-random-weights.js';
import { loadTexts } from '../src/commands/load-texts.js';
import { CausalLm } from '../src/generate/causal-lm.js';
import type { KvCache } from '../src/generate/kv-cache.js';
import type { WeightStore } from '../src/onnx/weights.js';
import { referenceDecoderLogits } from '../test/support/reference-decoder.js';
import { decoderShape, randomDecoderDir } from './random-decoder-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:decoder-ops needs ../shared (model configs, the Qwen3 tokenizer, resumes) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const layers = env('BENCH_LAYERS', 6);
const promptTokens = env('BENCH_PROMPT', 256);
const decodeSteps = env('BENCH_DECODE', 16);
const suffixBatch = env('BENCH_SUFFIX_BATCH', 4);
const suffixTokens = env('BENCH_SUFFIX', 64);
const rounds = env('BENCH_ROUNDS', 3);
const threads = env('BENCH_THREADS', os.availableParallelism());
const shapeName = process.env['BENCH_SHAPE'] ?? 'Qwen2.5-0.5B-Instruct';
const only = process.env['BENCH_VARIANTS']?.split(',');

const VARIANTS: Array<[string, ContribOps | undefined]> = [
  ['standard', undefined],
  ['norm', { norm: true }],
  ['rotary', { rotary: true }],
  ['norm+rotary', { norm: true, rotary: true }],
  ['norm+rotary+mha', { norm: true, rotary: true, attention: 'mha' }],
  ['norm+rotary+gqa', { norm: true, rotary: true, attention: 'gqa' }],
];
const shape = { sharedModelDir: path.join(shared, 'models', shapeName), layers, tokenizerDir: path.join(shared, 'models', 'Qwen3-0.6B') };
const { config, json } = await decoderShape(shape);
let weights: WeightStore | undefined;
const makeWeights = (): WeightStore => (weights ??= randomDecoderWeights(config, 1234));

const resumes = (await loadTexts(path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), { kind: 'candidate' })).texts;
interface Run {
  label: string;
  lm: CausalLm;
  /** Best wall ms per measurement. */
  best: Map<string, number>;
  /** Best CPU ms (user + system of this process) per measurement: steadier on a shared machine. */
  cpu: Map<string, number>;
}
const runs: Run[] = [];
for (const [label, contrib] of VARIANTS.filter(([l]) => only === undefined || only.includes(l))) {
  const dir = await randomDecoderDir(shape, label, contrib, makeWeights);
  const lm = await CausalLm.open(dir, { threads });
  runs.push({ label, lm, best: new Map<string, number>(), cpu: new Map<string, number>() });
}
const first = runs[0]?.lm as CausalLm;
const tokens = (text: string, n: number): number[] => first.tokenize(text, { specials: 'literal' }).slice(0, n);
const prompt = tokens(resumes[0] as string, promptTokens);
const suffixes = resumes.slice(1, 1 + suffixBatch).map((r) => tokens(r, suffixTokens));

// Correctness first: the last-token logits of a short prompt against the float64 reference.
const probe = prompt.slice(0, 12);
const expected = referenceDecoderLogits(json, makeWeights(), { inputIds: [probe] })[0]?.at(-1) as Float64Array;
process.stdout.write(`${shapeName} shape with ${layers} layers, random weights; ${threads} threads; best of ${rounds} interleaved rounds\n`);
process.stdout.write(`prefill ${prompt.length} tokens; decode ${decodeSteps} steps; ${suffixes.length} suffixes of <= ${suffixTokens} tokens on the prompt's cache\n\n`);
for (const run of runs) {
  const { logits } = await run.lm.prefill([probe]);
  let diff = 0;
  for (let v = 0; v < expected.length; v++) diff = Math.max(diff, Math.abs((logits[v] as number) - (expected[v] as number)));
  process.stdout.write(`${run.label}: max |logit - float64 reference| = ${diff.toExponential(2)}\n`);
}
weights = undefined;

async function timed(run: Run, what: string, body: () => Promise<void>): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    await body();
  } catch {
    // GroupQueryAttention refuses the batched prefill on a cache: the table says 'fails'.
    run.best.set(what, Number.NaN);
    run.cpu.set(what, Number.NaN);
    return;
  }
  const cpu = process.cpuUsage(cpuStart);
  run.best.set(what, Math.min(run.best.get(what) ?? Infinity, performance.now() - start));
  run.cpu.set(what, Math.min(run.cpu.get(what) ?? Infinity, (cpu.user + cpu.system) / 1000));
}
async function decode(lm: CausalLm, cache: KvCache): Promise<void> {
  let state = cache;
  for (let i = 0; i < decodeSteps; i++) state = (await lm.step(state, Array.from({ length: state.batch }, () => [198]), 1)).cache;
}
for (let r = 0; r < rounds; r++) {
  for (const run of runs) {
    let prefix: KvCache | undefined;
    let batch: KvCache | undefined;
    await timed(run, 'prefill', async () => void (prefix = (await run.lm.prefill([prompt])).cache));
    await timed(run, 'decode', () => decode(run.lm, prefix as KvCache));
    await timed(run, 'suffixes', async () => void (batch = (await run.lm.prefill(suffixes, { prefix: prefix as KvCache })).cache));
    await timed(run, 'batch decode', async () => (batch === undefined ? Promise.reject(new Error('no batch')) : decode(run.lm, batch)));
  }
}
const cell = (ms: number | undefined, base: number | undefined): string =>
  ms === undefined || Number.isNaN(ms) ? 'fails' : `${ms.toFixed(0)} (${((base as number) / ms).toFixed(2)}x)`;
const MEASURES: Array<[string, string, number]> = [
  ['prefill', `prefill ${prompt.length}`, 1],
  ['decode', 'decode, per token', decodeSteps],
  ['suffixes', `${suffixes.length} suffixes on the cache`, 1],
  ['batch decode', `batch-${suffixes.length} decode, per step`, decodeSteps],
];
for (const [kind, key] of [['wall ms', 'best'], ['CPU ms', 'cpu']] as const) {
  process.stdout.write(`\n${kind} (speed-up against standard)\n| variant | ${MEASURES.map(([, title]) => title).join(' | ')} |\n|---|${MEASURES.map(() => '---|').join('')}\n`);
  const base = runs[0]?.[key] as Map<string, number>;
  for (const run of runs) {
    const cells = MEASURES.map(([what, , per]) => cell((run[key].get(what) as number) / per, (base.get(what) as number) / per));
    process.stdout.write(`| ${run.label} | ${cells.join(' | ')} |\n`);
  }
}
for (const run of runs) await run.lm.dispose();
