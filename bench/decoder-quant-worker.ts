/**
 * One model of `npm run bench:decoder-quant` in its own process, so that its peak RSS is its
 * own: opens the causal LM, then BENCH rounds of a batch-1 prefill of the prompt, batch-1 decode
 * steps on its cache, and batch-4 decode steps on the cache expanded to 4 rows; best wall and
 * CPU (user + system of this process) time of each. Prints one `@@result` JSON line.
 *
 * Usage: node decoder-quant-worker.js MODEL_DIR PROMPT_JSON THREADS ROUNDS DECODE_STEPS
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { CausalLm } from '../src/generate/causal-lm.js';
import type { KvCache } from '../src/generate/kv-cache.js';

/**
 * This process's peak (VmHWM) or current (VmRSS) resident set. Not getrusage's maxRSS: Linux
 * carries ru_maxrss over fork + exec, so a worker would report the benchmark parent's peak
 * whenever that is larger.
 */
function statusMb(field: 'VmHWM' | 'VmRSS'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb === undefined ? process.resourceUsage().maxRSS / 1024 : Number(kb) / 1024;
}

export interface DecoderWorkerResult {
  loadMs: number;
  /** Best of the rounds, whole batch-1 prefill. */
  prefill: { wallMs: number; cpuMs: number };
  /** Best of the rounds, per decode step (batch 1: one token; batch 4: four tokens). */
  decode1: { wallMs: number; cpuMs: number };
  decode4: { wallMs: number; cpuMs: number };
  /** Peak resident set of the process (model load included). */
  maxRssMb: number;
  /** Resident set after the measurements, model still open. */
  rssMb: number;
}

const [modelDir, promptFile, threadsArg, roundsArg, stepsArg] = process.argv.slice(2) as [string, string, string, string, string];
const prompt = JSON.parse(await readFile(promptFile, 'utf8')) as number[];
const [threads, rounds, steps] = [Number(threadsArg), Number(roundsArg), Number(stepsArg)];

const loadStart = performance.now();
const lm = await CausalLm.open(modelDir, { threads });
const loadMs = performance.now() - loadStart;

const best = { prefill: { wallMs: Infinity, cpuMs: Infinity }, decode1: { wallMs: Infinity, cpuMs: Infinity }, decode4: { wallMs: Infinity, cpuMs: Infinity } };
async function timed<T>(what: keyof typeof best, per: number, body: () => Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const out = await body();
  const used = process.cpuUsage(cpu);
  best[what].wallMs = Math.min(best[what].wallMs, (performance.now() - wall) / per);
  best[what].cpuMs = Math.min(best[what].cpuMs, (used.user + used.system) / 1000 / per);
  return out;
}
async function decode(cache: KvCache): Promise<void> {
  let state = cache;
  // A fixed token per row: the cost of a step does not depend on which token it is.
  for (let i = 0; i < steps; i++) state = (await lm.step(state, Array.from({ length: state.batch }, () => [198]), 1)).cache;
}
for (let r = 0; r < rounds; r++) {
  const { cache } = await timed('prefill', 1, () => lm.prefill([prompt]));
  await timed('decode1', steps, () => decode(cache));
  await timed('decode4', steps, () => decode(cache.expand(4)));
}
const rssMb = statusMb('VmRSS');
await lm.dispose();
const result: DecoderWorkerResult = { loadMs, ...best, maxRssMb: statusMb('VmHWM'), rssMb };
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
