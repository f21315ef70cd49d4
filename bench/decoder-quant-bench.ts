/**
 * `npm run bench:decoder-quant`: fp32 against int8 and int4 (MatMulNBits, accuracy levels 0 and
 * 4) copies of a random-weight causal LM of a real shape (default Qwen2.5-0.5B-Instruct from
 * ../shared/models; BENCH_LAYERS of its 24 layers, full vocabulary, tied head): file size, peak
 * RSS, prefill of a 256-token resume, decode tokens/s at batch 1 and 4 (wall and CPU time, each
 * model in its own process, with each BENCH_THREADS count), and the agreement `models quantize`
 * measures (top-1 next token, SELECTED/REJECTED probability). Variants with float32 embedding
 * tables are measured for size and agreement only (the lookup costs nothing measurable).
 * Prints markdown for docs/benchmarks.md. Not a test: nothing here asserts a speed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTexts } from '../src/commands/load-texts.js';
import { CausalLm } from '../src/generate/causal-lm.js';
import { findModelFile } from '../src/model/model-files.js';
import { compareLmPredictions, lmPredictions } from '../src/quantize/lm-agreement.js';
import { SAMPLE_PROMPTS } from '../src/quantize/sample-prompts.js';
import { randomDecoderWeights } from '../test/support/fixtures/decoder-random-weights.js';
import type { DecoderWorkerResult } from './decoder-quant-worker.js';
import { quantizedDecoderDir, type DecoderQuantVariant } from './quantized-decoder-dirs.js';
import { decoderShape, randomDecoderDir } from './random-decoder-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:decoder-quant needs ../shared (model configs, the Qwen3 tokenizer, resumes) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const layers = env('BENCH_LAYERS', 24);
const promptTokens = env('BENCH_PROMPT', 256);
const steps = env('BENCH_DECODE', 16);
const rounds = env('BENCH_ROUNDS', 3);
const threadCounts = (process.env['BENCH_THREADS'] ?? '1,2').split(',').map(Number);
const shapeName = process.env['BENCH_SHAPE'] ?? 'Qwen2.5-0.5B-Instruct';
const SPEED: Array<'fp32' | DecoderQuantVariant> = ['fp32', 'int8', 'int4-level0', 'int4-level4'];
const AGREEMENT_ONLY: DecoderQuantVariant[] = ['int8-fp32-table', 'int4-level4-fp32-table'];
const only = process.env['BENCH_VARIANTS']?.split(',');
const pick = <T extends string>(list: T[]): T[] => list.filter((v) => v === 'fp32' || only === undefined || only.includes(v));

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuInfo)?.[1]?.trim().split(/\s+/) ?? []);
const startLoad = load();
process.stdout.write(`# bench:decoder-quant — ${new Date().toISOString()}\n`);
process.stdout.write(
  `machine: ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; flags: ${['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni', 'amx_int8'].filter((f) => flags.has(f)).join(', ')}; ` +
    `node ${process.version}; load average at start ${startLoad}\n`,
);
process.stdout.write(`${shapeName} shape, ${layers} layers, random weights; prompt ${promptTokens} tokens; ${steps} decode steps; best of ${rounds} rounds per process; threads ${threadCounts.join(', ')}\n\n`);

const shape = { sharedModelDir: path.join(shared, 'models', shapeName), layers, tokenizerDir: path.join(shared, 'models', 'Qwen3-0.6B') };
const { config } = await decoderShape(shape);
const fp32Dir = await randomDecoderDir(shape, 'standard', undefined, () => randomDecoderWeights(config, 1234));
const dirs = new Map<string, string>([['fp32', fp32Dir]]);
const quantizeMs = new Map<string, number | undefined>();
for (const variant of pick([...SPEED, ...AGREEMENT_ONLY])) {
  if (variant === 'fp32') continue;
  const built = await quantizedDecoderDir(fp32Dir, variant);
  dirs.set(variant, built.dir);
  quantizeMs.set(variant, built.quantizeMs);
}

/** model.onnx plus its external data, if any. */
function modelBytes(dir: string, modelFile: string): number {
  const data = path.join(path.dirname(modelFile), 'model.onnx_data');
  return statSync(modelFile).size + (existsSync(data) ? statSync(data).size : 0);
}
const sizes = new Map<string, number>();
for (const [variant, dir] of dirs) sizes.set(variant, modelBytes(dir, await findModelFile(dir)));

// Agreement as models quantize measures it: fp32 predictions once, each variant against them.
const reference = await lmPredictions(fp32Dir, SAMPLE_PROMPTS, { threads: 2 });
const agreements = new Map<string, ReturnType<typeof compareLmPredictions>>();
for (const [variant, dir] of dirs) if (variant !== 'fp32') agreements.set(variant, compareLmPredictions(reference, await lmPredictions(dir, SAMPLE_PROMPTS, { threads: 2 })));

// The prompt: the first resume of ../shared, cut to promptTokens tokens.
const resumes = (await loadTexts(path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), { kind: 'candidate' })).texts;
const tokenizerLm = await CausalLm.open(fp32Dir, { threads: 1 });
const prompt = tokenizerLm.tokenize(resumes[0] as string, { specials: 'literal' }).slice(0, promptTokens);
await tokenizerLm.dispose();
const work = path.join(os.tmpdir(), 'resumator-bench', 'decoder-quant');
await mkdir(work, { recursive: true });
const promptFile = path.join(work, 'prompt.json');
await writeFile(promptFile, JSON.stringify(prompt));

function runWorker(dir: string, threads: number): DecoderWorkerResult {
  const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'decoder-quant-worker.js'), dir, promptFile, String(threads), String(rounds), String(steps)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@result '));
  if (line === undefined) throw new Error(`worker for ${dir} failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(line.slice('@@result '.length)) as DecoderWorkerResult;
}
const speed = new Map<string, DecoderWorkerResult>();
for (const threads of threadCounts) for (const variant of pick(SPEED)) speed.set(`${variant}@${threads}`, runWorker(dirs.get(variant) as string, threads));

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const fp32Size = sizes.get('fp32') as number;
process.stdout.write('| model | file MB | size ratio | quantize s | top-1 (all positions) | top-1 (last) | label diff max / mean |\n|---|---|---|---|---|---|---|\n');
for (const [variant] of dirs) {
  const a = agreements.get(variant);
  const q = quantizeMs.get(variant);
  const agreement = a === undefined ? '1 | 1 | 0 / 0' : `${a.top1.toFixed(3)} | ${a.top1Last.toFixed(3)} | ${a.labelDiffMax.toFixed(3)} / ${a.labelDiffMean.toFixed(3)}`;
  process.stdout.write(`| ${variant} | ${mb(sizes.get(variant) as number)} | ${((sizes.get(variant) as number) / fp32Size).toFixed(3)} | ${q === undefined ? (variant === 'fp32' ? '' : 'cached') : (q / 1000).toFixed(1)} | ${agreement} |\n`);
}
process.stdout.write(`\n(agreement on the ${SAMPLE_PROMPTS.length} built-in screening prompts, ${reference.argmax.reduce((s, r) => s + r.length, 0)} positions)\n`);
const rate = (tokens: number, ms: number): string => ((1000 * tokens) / ms).toFixed(1);
for (const threads of threadCounts) {
  process.stdout.write(`\n${threads} thread${threads === 1 ? '' : 's'}: tokens/s wall (CPU ms per token)\n`);
  process.stdout.write(`| model | load s | peak / final RSS MB | prefill ${prompt.length} | decode batch 1 | decode batch 4 |\n|---|---|---|---|---|---|\n`);
  for (const variant of pick(SPEED)) {
    const r = speed.get(`${variant}@${threads}`) as DecoderWorkerResult;
    const cell = (m: { wallMs: number; cpuMs: number }, tokens: number): string => `${rate(tokens, m.wallMs)} (${(m.cpuMs / tokens).toFixed(1)})`;
    process.stdout.write(`| ${variant} | ${(r.loadMs / 1000).toFixed(1)} | ${r.maxRssMb.toFixed(0)} / ${r.rssMb.toFixed(0)} | ${cell(r.prefill, prompt.length)} | ${cell(r.decode1, 1)} | ${cell(r.decode4, 4)} |\n`);
  }
}
process.stdout.write(`\nload average at start ${startLoad}, at end ${load()}\n`);
