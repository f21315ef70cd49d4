/**
 * `npm run bench:screen`: the cost of `resumator screen` on a random-weight model of the real
 * Qwen2.5-0.5B-Instruct shape (../shared/models config; Qwen3-0.6B's tokenizer and chat template,
 * the same byte-level BPE) over real resumes x job descriptions: pairs/s for decisions only and
 * with reasons, with and without prefix reuse; prefill and decode tokens/s; peak RSS; each
 * variant (fp32, and int8 / int4 copies when the quantizer makes them) beside transformers.js
 * text generation on the same ONNX file, and as a share of this machine's MatMul peak (prefill)
 * and GEMV memory bandwidth (decode), both measured in the same run.
 *
 * Environment: BENCH_LAYERS (24), BENCH_JOBS (2), BENCH_CANDIDATES (6), BENCH_THREADS (2),
 * BENCH_MAX_PROMPT (1024), BENCH_REASONS (48), BENCH_BATCH (8), BENCH_TF_PAIRS (4),
 * BENCH_VARIANTS (fp32,int8,int4-level4: fp32 or a variant of bench/quantized-decoder-dirs.ts),
 * BENCH_OUT (a JSON file for the figures).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCausalLmDirectory } from '../src/generate/causal-lm-dir.js';
import { DecoderTokenizer } from '../src/generate/decoder-tokenizer.js';
import { renderPrompt } from '../src/screen/chat-prompt.js';
import { DEFAULT_PROMPT } from '../src/screen/prompt.js';
import { PromptTokens } from '../src/screen/prompt-tokens.js';
import { randomDecoderWeights } from '../test/support/fixtures/decoder-random-weights.js';
import { measureMatMulPeak } from './matmul-peak.js';
import { decoderPrefillFlops } from './model-flops.js';
import { decoderShape, randomDecoderDir } from './random-decoder-dir.js';
import { loadScreenTexts } from './screen-texts.js';
import { measureGemvBandwidth } from './gemv-bandwidth.js';
import { quantizedDecoderDir, DECODER_QUANT_VARIANTS, type DecoderQuantVariant } from './quantized-decoder-dirs.js';
import type { ScreenInputs, WorkerResult } from './screen-worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '..', '..', '..', 'shared');
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const settings = {
  layers: env('BENCH_LAYERS', 24),
  jobs: env('BENCH_JOBS', 2),
  candidates: env('BENCH_CANDIDATES', 6),
  threads: env('BENCH_THREADS', 2),
  maxPrompt: env('BENCH_MAX_PROMPT', 1024),
  reasons: env('BENCH_REASONS', 48),
  batch: env('BENCH_BATCH', 8),
  tfPairs: env('BENCH_TF_PAIRS', 4),
  variants: (process.env['BENCH_VARIANTS'] ?? 'fp32,int8,int4-level4').split(','),
};

if (!existsSync(shared)) {
  process.stdout.write('bench:screen needs ../shared (the Qwen2.5-0.5B config, the Qwen3 tokenizer, real resumes and jobs)\n');
  process.exit(0);
}
const shape = { sharedModelDir: path.join(shared, 'models', 'Qwen2.5-0.5B-Instruct'), layers: settings.layers, tokenizerDir: path.join(shared, 'models', 'Qwen3-0.6B') };
const { config } = await decoderShape(shape);
log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; Node ${process.version}`);
log(`model: Qwen2.5-0.5B shape, ${settings.layers} layers, random weights; ${settings.jobs} jobs x ${settings.candidates} resumes, prompts <= ${settings.maxPrompt} tokens, ${settings.threads} threads`);
const fp32 = await randomDecoderDir(shape, 'standard', undefined, () => randomDecoderWeights(config, 1234));
const inputs = await prepareInputs(fp32);
const inputsFile = path.join(os.tmpdir(), `resumator-screen-bench-inputs-${process.pid}.json`);
await writeFile(inputsFile, JSON.stringify(inputs));
const promptTokens = inputs.prompts.reduce((n, p) => n + p.length, 0);
log(`prompts: ${inputs.pairs.length} pairs, ${promptTokens} tokens (mean ${(promptTokens / inputs.pairs.length).toFixed(0)})`);

const peak = await measureMatMulPeak(settings.threads);
// int8 weights (and int4 at accuracy level 4, which quantizes activations to int8) run the int8 kernels.
const peak8 = await measureMatMulPeak(settings.threads, undefined, 5, true);
const bandwidth = await measureGemvBandwidth(settings.threads);
log(`MatMul peak ${peak.gflops.toFixed(1)} GFLOP/s fp32, ${peak8.gflops.toFixed(1)} GOP/s int8 (${peak.shape.join('x')}); GEMV bandwidth ${bandwidth.gbPerS.toFixed(1)} GB/s (${bandwidth.mb.toFixed(0)} MB fp32 weights)`);

const figures: Record<string, unknown>[] = [];
for (const variant of settings.variants) {
  if (variant !== 'fp32' && !Object.hasOwn(DECODER_QUANT_VARIANTS, variant)) {
    log(`${variant}: skipped (not a variant of bench/quantized-decoder-dirs.ts: ${Object.keys(DECODER_QUANT_VARIANTS).join(', ')})`);
    continue;
  }
  const dir = variant === 'fp32' ? fp32 : (await quantizedDecoderDir(fp32, variant as DecoderQuantVariant)).dir;
  const bytes = await modelBytes(dir);
  const run = (mode: string, ...args: string[]): Promise<WorkerResult> => worker(mode, dir, args);
  const reuse = await run('screen', 'reuse', '0', String(settings.batch));
  const whole = await run('screen', 'whole', '0', String(settings.batch));
  const reasons = await run('screen', 'reuse', String(settings.reasons), String(settings.batch));
  const steps = await run('steps');
  const flops = prefillFlopsOf(inputs, reuse);
  const variantPeak = variant === 'fp32' || variant.includes('level0') ? peak.gflops : peak8.gflops;
  const row = {
    variant,
    size_mb: bytes / 1e6,
    decisions_pairs_s: rate(reuse.pairs, reuse.ms),
    decisions_no_reuse_pairs_s: rate(whole.pairs, whole.ms),
    reuse_speedup: whole.ms / reuse.ms,
    reasons_pairs_s: rate(reasons.pairs, reasons.ms),
    prefill_tokens_s: rate(reuse.prefilledTokens, reuse.ms),
    prefill_gflops: flops / (reuse.ms * 1e6),
    prefill_share_of_peak: flops / (reuse.ms * 1e6) / variantPeak,
    peak_used: variantPeak === peak.gflops ? 'fp32' : 'int8',
    single_prompt_prefill_tokens_s: rate(steps.promptTokens, steps.prefillMs),
    decode_tokens_s_batch1: 1000 / (steps.decode1Ms as number),
    decode_tokens_s_batch4: 4000 / (steps.decode4Ms as number),
    decode_gb_s: bytes / 1e9 / ((steps.decode1Ms as number) / 1000),
    decode_share_of_bandwidth: bytes / 1e9 / ((steps.decode1Ms as number) / 1000) / bandwidth.gbPerS,
    cpu_s_per_pair: reuse.cpuMs / 1000 / (reuse.pairs as number),
    peak_rss_mb: Math.max(reuse.maxRssMb, reasons.maxRssMb),
  };
  figures.push(row);
  log(`${variant}: ${JSON.stringify(row)}`);
  if (variant === 'fp32' && settings.tfPairs > 0) {
    const subset = subsetFile(settings.tfPairs);
    const tfDecisions = await worker('transformers', dir, ['2'], await subset);
    const tfReasons = await worker('transformers', dir, [String(settings.reasons + 2)], await subset);
    const oursDecisions = await worker('screen', dir, ['reuse', '0', String(settings.batch)], await subset);
    const oursReasons = await worker('screen', dir, ['reuse', String(settings.reasons), String(settings.batch)], await subset);
    const tf = {
      variant: 'fp32 vs transformers.js',
      pairs: settings.tfPairs,
      transformers_decisions_pairs_s: rate(tfDecisions.pairs, tfDecisions.ms),
      resumator_decisions_pairs_s: rate(oursDecisions.pairs, oursDecisions.ms),
      transformers_reasons_pairs_s: rate(tfReasons.pairs, tfReasons.ms),
      resumator_reasons_pairs_s: rate(oursReasons.pairs, oursReasons.ms),
      transformers_peak_rss_mb: Math.max(tfDecisions.maxRssMb, tfReasons.maxRssMb),
      resumator_peak_rss_mb: Math.max(oursDecisions.maxRssMb, oursReasons.maxRssMb),
    };
    figures.push(tf);
    log(`transformers.js: ${JSON.stringify(tf)}`);
  }
}
const out = process.env['BENCH_OUT'];
if (out !== undefined) await writeFile(out, JSON.stringify({ settings, peak, peak8, bandwidth, promptTokens, figures }, null, 2));

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function rate(count: number | undefined, ms: number | undefined): number {
  return (count ?? 0) / ((ms ?? 1) / 1000);
}

/** Prompts as the screen command builds them, so both sides of a comparison run the same tokens. */
async function prepareInputs(modelDir: string): Promise<ScreenInputs> {
  const model = await loadCausalLmDirectory(modelDir);
  const tokenizer = await DecoderTokenizer.load(model.tokenizerFile, model.tokenizerConfig);
  const texts = await loadScreenTexts(shared, settings.jobs, settings.candidates);
  const pieces = renderPrompt({ prompt: DEFAULT_PROMPT, labels: ['SELECTED', 'REJECTED'], chatTemplate: model.chatTemplate, tokenizerConfig: model.tokenizerConfig, modelName: model.name });
  const prompt = new PromptTokens(pieces, (text, literal) => tokenizer.encode(text, { specials: literal ? 'literal' : 'allow' }), settings.maxPrompt, 4 + settings.reasons);
  const pairs = texts.jobs.flatMap((_, job) => texts.candidates.map((__, candidate) => ({ job, candidate })));
  const tokens = pairs.map((p) => prompt.pair(texts.jobs[p.job]!, texts.candidates[p.candidate]!.text));
  const prompts = tokens.map((t) => [...t.prefix, ...t.suffix]);
  return { ...texts, pairs, maxPromptTokens: settings.maxPrompt, reasonRoom: settings.reasons, prompts, prefixLengths: tokens.map((t) => t.prefix.length) };
}

/** The first `n` pairs of the prepared inputs, for the slower transformers.js comparison. */
async function subsetFile(n: number): Promise<string> {
  const file = path.join(os.tmpdir(), `resumator-screen-bench-subset-${process.pid}.json`);
  await writeFile(file, JSON.stringify({ ...inputs, pairs: inputs.pairs.slice(0, n), prompts: inputs.prompts.slice(0, n), prefixLengths: inputs.prefixLengths.slice(0, n) }));
  return file;
}

/** FLOPs of the prefills a screen run made: each job's prefix once (when reused), then each pair's rest on it. */
function prefillFlopsOf(data: ScreenInputs, result: WorkerResult): number {
  const reused = (result.reusedTokens ?? 0) > 0;
  const prefixDone = new Set<number>();
  let flops = 0;
  data.pairs.forEach((p, i) => {
    const total = (data.prompts[i] as number[]).length;
    const prefix = reused ? (data.prefixLengths[i] as number) : 0;
    if (reused && !prefixDone.has(p.job)) {
      prefixDone.add(p.job);
      flops += decoderPrefillFlops(config, prefix, 0);
    }
    flops += decoderPrefillFlops(config, total - prefix, prefix);
  });
  return flops;
}

async function modelBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) if (name.startsWith('model.onnx')) total += (await stat(path.join(dir, name))).size;
  return total;
}

function worker(mode: string, dir: string, args: string[], file = inputsFile): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=8192', path.join(here, 'screen-worker.js'), mode, dir, file, String(settings.threads), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code !== 0 || line === undefined) reject(new Error(`worker ${mode} ${args.join(' ')} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice('@@result '.length)) as WorkerResult);
    });
  });
}
