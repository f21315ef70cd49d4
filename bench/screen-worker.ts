/**
 * One measurement of `npm run bench:screen` in its own process, so that each one's peak RSS is
 * its own. Modes:
 * - `screen`: resumator's screening stage (screenPairs) over the prepared pairs, with or
 *   without prefix reuse, with or without reasons;
 * - `steps`: raw engine throughput: prefill of one prompt, then greedy decode at batch 1 and 4;
 * - `transformers`: transformers.js text generation on the same ONNX file and the same prompt
 *   token ids (whole prompts: it has no prefix reuse and no label scoring; `new` tokens each).
 *
 * Usage: node screen-worker.js MODE MODEL_DIR INPUTS_JSON THREADS [ARG...]; prints one `@@result` line.
 * screen: ARG = reuse|whole, reason tokens (0: decisions only), batch size; transformers: ARG = new tokens.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CausalLm } from '../src/generate/causal-lm.js';
import { silentReporter } from '../src/reporter.js';
import { renderPrompt } from '../src/screen/chat-prompt.js';
import { decisionLabels } from '../src/screen/labels.js';
import { DEFAULT_PROMPT } from '../src/screen/prompt.js';
import { PromptTokens } from '../src/screen/prompt-tokens.js';
import { screenPairs, type ScreenItem, type ScreenPair } from '../src/screen/screen-pairs.js';

export interface ScreenInputs {
  jobs: ScreenItem[];
  candidates: ScreenItem[];
  pairs: ScreenPair[];
  maxPromptTokens: number;
  /** Reason tokens the prompt limit leaves room for. */
  reasonRoom: number;
  /** Each pair's whole prompt as token ids (prepared once, for the transformers.js side). */
  prompts: number[][];
  /** Each pair's shared-prefix length (tokens before the resume). */
  prefixLengths: number[];
}

export interface WorkerResult {
  mode: string;
  /** Wall and CPU time of the measured work, model loading excluded. */
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  pairs?: number;
  prefilledTokens?: number;
  reusedTokens?: number;
  generatedTokens?: number;
  promptTokens?: number;
  /** steps mode: prefill of one prompt, and decode per step at batch 1 and 4. */
  prefillMs?: number;
  decode1Ms?: number;
  decode4Ms?: number;
}

const [mode, modelDir, inputsFile, threadsArg, ...args] = process.argv.slice(2);
if (mode === undefined || modelDir === undefined || inputsFile === undefined) {
  process.stderr.write('usage: screen-worker screen|steps|transformers MODEL_DIR INPUTS_JSON THREADS [ARG...]\n');
  process.exit(2);
}
const threads = Number(threadsArg ?? 2);
const inputs = JSON.parse(await readFile(inputsFile, 'utf8')) as ScreenInputs;
const result = mode === 'transformers' ? await transformersGenerate(modelDir, inputs.prompts, threads, Number(args[0] ?? 2)) : await resumator(mode, modelDir, inputs, threads, args);
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);

/** Runs `work` and fills in its wall and CPU time. */
async function timed(work: () => Promise<WorkerResult>): Promise<WorkerResult> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const cpu = process.cpuUsage(cpu0);
  return { ...result, ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function resumator(which: string, dir: string, data: ScreenInputs, nThreads: number, extra: string[]): Promise<WorkerResult> {
  const lm = await CausalLm.open(dir, { threads: nThreads });
  try {
    if (which === 'steps') return await timed(() => steps(lm, data.prompts[0] as number[]));
    const labelTexts = ['SELECTED', 'REJECTED'] as const;
    const labels = decisionLabels(labelTexts, (t) => lm.tokenize(t, { specials: 'literal' }), (ids) => lm.decode(ids));
    const pieces = renderPrompt({ prompt: DEFAULT_PROMPT, labels: labelTexts, chatTemplate: lm.model.chatTemplate, tokenizerConfig: lm.model.tokenizerConfig, modelName: lm.model.name });
    const prompt = new PromptTokens(pieces, (text, literal) => lm.tokenize(text, { specials: literal ? 'literal' : 'allow' }), data.maxPromptTokens, 4 + data.reasonRoom);
    const reuse = extra[0] !== 'whole';
    const reasonTokens = Number(extra[1] ?? 0);
    const reasons = reasonTokens > 0 ? { maxNewTokens: reasonTokens, eosTokenIds: [], stopStrings: [] } : undefined;
    // A short warm-up so first-run allocations are not timed.
    await lm.prefill([(data.prompts[0] as number[]).slice(0, 16)]);
    let totals: Awaited<ReturnType<typeof screenPairs>> | undefined;
    const measured = await timed(async () => {
      totals = await screenPairs(data.pairs, data.jobs, data.candidates, {
        lm, prompt, labels, threshold: 0.5, batchSize: Number(extra[2] ?? 8), progress: silentReporter.progress('', 0), reusePrefix: reuse, ...(reasons === undefined ? {} : { reasons }),
      }, () => undefined);
      return { mode: '', ms: 0, cpuMs: 0, maxRssMb: 0 };
    });
    if (totals === undefined) throw new Error('no totals');
    return { ...measured, mode: `screen-${reuse ? 'reuse' : 'whole'}${reasons === undefined ? '' : `-reasons${reasonTokens}`}`, pairs: totals.pairs, prefilledTokens: totals.prefilledTokens, reusedTokens: totals.reusedTokens, generatedTokens: totals.generatedTokens };
  } finally {
    await lm.dispose();
  }
}

/** Prefill of one prompt, then greedy-style decode steps at batch 1 and 4 on its cache. */
async function steps(lm: CausalLm, row: number[]): Promise<WorkerResult> {
  const t0 = performance.now();
  const prefill = await lm.prefill([row]);
  const prefillMs = performance.now() - t0;
  const count = 16;
  const decodeMs = async (batch: number): Promise<number> => {
    let cache = batch === 1 ? prefill.cache : prefill.cache.expand(batch);
    const t = performance.now();
    for (let i = 0; i < count; i++) cache = (await lm.step(cache, Array.from({ length: batch }, () => [100 + i]), 1)).cache;
    return (performance.now() - t) / count;
  };
  return { mode: 'steps', ms: 0, cpuMs: 0, maxRssMb: 0, promptTokens: row.length, prefillMs, decode1Ms: await decodeMs(1), decode4Ms: await decodeMs(4) };
}

/** transformers.js as a Node user would call it: AutoModelForCausalLM.generate, greedy, one prompt at a time. */
async function transformersGenerate(dir: string, prompts: number[][], nThreads: number, newTokens: number): Promise<WorkerResult> {
  const { AutoModelForCausalLM, Tensor, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(dir)}/`;
  const model = await AutoModelForCausalLM.from_pretrained(path.basename(dir), {
    subfolder: '',
    dtype: 'fp32',
    local_files_only: true,
    session_options: { intraOpNumThreads: nThreads, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
  } as Parameters<typeof AutoModelForCausalLM.from_pretrained>[1]);
  let generated = 0;
  let prefilled = 0;
  const warm = prompts[0] as number[];
  await model.generate({ input_ids: new Tensor('int64', BigInt64Array.from(warm.slice(0, 16).map(BigInt)), [1, 16]), attention_mask: new Tensor('int64', new BigInt64Array(16).fill(1n), [1, 16]), max_new_tokens: 1, do_sample: false });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const ids of prompts) {
    const inputIds = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
    const mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
    await model.generate({ input_ids: inputIds, attention_mask: mask, max_new_tokens: newTokens, min_new_tokens: newTokens, do_sample: false });
    generated += newTokens;
    prefilled += ids.length;
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  await (model as unknown as { dispose(): Promise<unknown> }).dispose();
  return { mode: `transformers-${newTokens}`, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: 0, pairs: prompts.length, prefilledTokens: prefilled, generatedTokens: generated };
}
