/**
 * `resumator screen`: read candidates and jobs -> templates (as `score`) -> optional bi-encoder
 * shortlist -> the screening prompt in the model's chat template -> label probabilities from a
 * causal LM (prefix KV reused per job) -> SELECTED/REJECTED (+ reasons) -> render -> atomic write.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DecisionCache } from '../cache/decision-cache.js';
import { InputError, UsageError } from '../errors.js';
import { CausalLm } from '../generate/causal-lm.js';
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import type { ColumnOverrides, InputFormat, Job } from '../input/types.js';
import { openAtomicWriter } from '../output/atomic-write.js';
import { checkOutputTargets } from '../output/output-targets.js';
import type { Reporter } from '../reporter.js';
import { renderScreenHeader, renderScreenJob, renderScreenJson, type ScreenCounts, type ScreenFormat, type ScreenRow, type ScreenRun } from '../report/screen.js';
import { renderPrompt } from '../screen/chat-prompt.js';
import { decisionLabels } from '../screen/labels.js';
import { DEFAULT_PROMPT, readPromptFile } from '../screen/prompt.js';
import { PromptTokens } from '../screen/prompt-tokens.js';
import { screenPairs, type PairResult, type ScreenPair } from '../screen/screen-pairs.js';
import { shortlistPairs } from '../screen/shortlist.js';
import { locateModel, resolveModel } from '../sources/resolve-model.js';
import { jobText } from '../template/templates.js';
import { loadTexts } from './load-texts.js';

export interface ScreenOptions {
  candidates: string;
  /** A jobs file; or one job from `job` (a title) and/or `jobText` (a description file). */
  jobs?: string;
  job?: string;
  jobText?: string;
  /** The causal LM: a model directory or a Hub repo id. Required. */
  model: string | undefined;
  /** `--prompt FILE`; undefined: the versioned default prompt. */
  prompt?: string;
  labels: readonly [string, string];
  threshold: number;
  reasons: boolean;
  maxNewTokens?: number;
  /** Prompt tokens at most (default: the model's context length). */
  maxPromptTokens?: number;
  /** Screen only each job's top N candidates by the bi-encoder. */
  shortlist?: number;
  retriever?: string;
  batchSize: number;
  threads?: number;
  cache?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: ColumnOverrides;
  jobColumns?: ColumnOverrides;
  format: ScreenFormat;
  output?: string;
  reporter: Reporter;
  write: (chunk: string) => void;
}

export interface ScreenSummary extends ScreenRun {
  counts: ScreenCounts;
  prefilledTokens: number;
  reusedTokens: number;
  generatedTokens: number;
  seconds: number;
}

export async function screenCommand(options: ScreenOptions): Promise<ScreenSummary> {
  const inputs = [
    { what: 'the candidates file', path: options.candidates },
    { what: 'the jobs file', path: options.jobs },
    { what: 'the --job-text file', path: options.jobText },
    { what: 'the --prompt file', path: options.prompt },
  ];
  checkSettings(options);
  checkStdinUsedOnce(inputs);
  await checkOutputTargets([{ what: '--output', path: options.output }], inputs);
  const prompt = options.prompt === undefined ? DEFAULT_PROMPT : await readPromptFile(options.prompt);
  const candidates = await loadTexts(options.candidates, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns });
  const jobs = await loadJobs(options);
  const { reporter } = options;
  // The shortlist first: its bi-encoder is closed before the (larger) language model opens.
  const retriever = options.shortlist === undefined ? undefined : await resolveModel(options.retriever, { reporter, flag: '--retriever' });
  const pairs: ScreenPair[] =
    retriever === undefined
      ? jobs.texts.flatMap((_, j) => candidates.texts.map((__, c) => ({ job: j, candidate: c })))
      : await shortlistPairs(retriever, candidates.texts, jobs.texts, options.shortlist as number, { batchSize: 50, threads: options.threads, reporter, cache: options.cache });
  const lm = await CausalLm.open(await locateModel(options.model, { reporter }), options.threads === undefined ? {} : { threads: options.threads });
  let cache: DecisionCache | undefined;
  try {
    const labels = decisionLabels(options.labels, (t) => lm.tokenize(t, { specials: 'literal' }), (ids) => lm.decode(ids));
    const pieces = renderPrompt({ prompt, labels: options.labels, chatTemplate: lm.model.chatTemplate, tokenizerConfig: lm.model.tokenizerConfig, modelName: lm.model.name });
    const maxNewTokens = options.maxNewTokens ?? lm.model.generation.maxNewTokens ?? 48;
    const reasons = options.reasons ? { maxNewTokens, eosTokenIds: lm.model.generation.eosTokenIds, stopStrings: lm.model.generation.stopStrings } : undefined;
    const answerRoom = Math.max(...labels.ids.map((l) => l.length)) + (reasons === undefined ? 0 : maxNewTokens + 2);
    const limit = options.maxPromptTokens ?? contextLength(lm);
    const promptTokens = new PromptTokens(pieces, (text, literal) => lm.tokenize(text, { specials: literal ? 'literal' : 'allow' }), limit, answerRoom);
    // Everything beyond the prompt's tokens that changes a result is part of the cache key.
    const settings = JSON.stringify({ labels: labels.ids, reasons: reasons ?? null });
    cache = options.cache === undefined ? undefined : await DecisionCache.open(options.cache, lm.model, settings, (m) => reporter.notice(m));
    const run: ScreenRun = {
      model: lm.model.name,
      prompt: { version: prompt.version, sha256: createHash('sha256').update(JSON.stringify([prompt.system ?? null, prompt.user])).digest('hex') },
      labels: options.labels,
      threshold: options.threshold,
      maxPromptTokens: limit,
      ...(retriever === undefined ? {} : { shortlist: { n: options.shortlist as number, retriever: retriever.name } }),
      reasons: options.reasons,
    };
    const items = candidates.ids.map((id, i) => ({ id, text: candidates.texts[i] as string }));
    return await emitResults(options, run, async (onResult) => {
      const bar = reporter.progress('screening pairs', pairs.length);
      try {
        const screening = { lm, prompt: promptTokens, labels, threshold: options.threshold, batchSize: options.batchSize, progress: bar, ...(reasons === undefined ? {} : { reasons }), ...(cache === undefined ? {} : { cache }) };
        return await screenPairs(pairs, jobs.items, items, screening, (r) => onResult(r, jobs.items, candidates.ids));
      } finally {
        bar.stop();
      }
    });
  } finally {
    cache?.close();
    await lm.dispose();
  }
}

function checkSettings(options: ScreenOptions): void {
  if (options.model === undefined || options.model.trim() === '') {
    throw new UsageError('screen needs --model: a causal-LM model directory or a Hub repo id such as Qwen/Qwen2.5-0.5B-Instruct (see docs/screen.md)');
  }
  if (!(options.threshold >= 0 && options.threshold <= 1)) throw new UsageError(`--threshold must be between 0 and 1, got ${options.threshold}`);
  const jobSources = [options.jobs !== undefined, options.job !== undefined || options.jobText !== undefined].filter(Boolean).length;
  if (jobSources !== 1) throw new UsageError('give the jobs either as a JOBS file or as one job with --job TITLE and/or --job-text FILE, not both and not neither');
  if (options.retriever !== undefined && options.shortlist === undefined) throw new UsageError('--retriever picks the bi-encoder of --shortlist N: add --shortlist');
}

/** The context length: config.json max_position_embeddings, else the tokenizer's model_max_length. */
function contextLength(lm: CausalLm): number {
  const positions = lm.model.config['max_position_embeddings'];
  if (typeof positions === 'number' && Number.isInteger(positions) && positions > 0) return positions;
  const tokenizerMax = lm.model.tokenizerConfig['model_max_length'];
  return typeof tokenizerMax === 'number' && Number.isInteger(tokenizerMax) && tokenizerMax > 0 && tokenizerMax <= 1_000_000 ? tokenizerMax : 2048;
}

async function loadJobs(options: ScreenOptions): Promise<{ texts: string[]; items: Array<{ id: string; text: string }> }> {
  if (options.jobs !== undefined) {
    const loaded = await loadTexts(options.jobs, { kind: 'job', format: options.inputFormat, columns: options.jobColumns });
    return { texts: loaded.texts, items: loaded.ids.map((id, i) => ({ id, text: loaded.texts[i] as string })) };
  }
  let description = '';
  if (options.jobText !== undefined) {
    try {
      description = (await readFile(options.jobText, 'utf8')).trim();
    } catch (err) {
      throw new InputError(`cannot read the job text: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file: options.jobText });
    }
  }
  const job: Job = { id: 'job', description, source: { file: options.jobText ?? '--job', line: 1 }, ...(options.job === undefined ? {} : { title: options.job }) };
  const text = jobText(job);
  return { texts: [text], items: [{ id: 'job', text }] };
}

type OnResult = (result: PairResult, jobs: ReadonlyArray<{ id: string }>, candidateIds: readonly string[]) => Promise<void>;

/** Streams the results job by job to stdout or an atomic file; json waits for the end. */
async function emitResults(
  options: ScreenOptions,
  run: ScreenRun,
  screen: (onResult: OnResult) => Promise<{ pairs: number; fromCache: number; prefilledTokens: number; reusedTokens: number; generatedTokens: number }>,
): Promise<ScreenSummary> {
  const writer = options.output !== undefined && options.output !== '-' ? await openAtomicWriter(options.output) : undefined;
  const emit = async (chunk: string): Promise<void> => {
    if (chunk === '') return;
    if (writer === undefined) options.write(chunk);
    else await writer.write(chunk);
  };
  const counts: ScreenCounts = { pairs: 0, selected: 0, rejected: 0, truncated: 0, fromCache: 0 };
  const all: ScreenRow[] = [];
  let jobRows: ScreenRow[] = [];
  const flush = async (): Promise<void> => {
    if (jobRows.length > 0 && options.format !== 'json') await emit(renderScreenJob(options.format, jobRows, run));
    jobRows = [];
  };
  const started = Date.now();
  try {
    await emit(renderScreenHeader(options.format, run));
    const totals = await screen(async (r, jobs, candidateIds) => {
      const row: ScreenRow = {
        job: (jobs[r.pair.job] as { id: string }).id,
        candidate: candidateIds[r.pair.candidate] as string,
        decision: r.decision,
        pSelected: r.pSelected,
        logProbs: r.logProbs,
        promptTokens: r.promptTokens,
        truncated: r.truncated,
        ...(r.pair.shortlist === undefined ? {} : { shortlist: r.pair.shortlist }),
        ...(r.reason === undefined ? {} : { reason: r.reason, finish: r.finish }),
      };
      if (jobRows.length > 0 && jobRows[0]?.job !== row.job) await flush();
      jobRows.push(row);
      if (options.format === 'json') all.push(row);
      counts.pairs++;
      counts[r.decision === 'SELECTED' ? 'selected' : 'rejected']++;
      if (r.truncated) counts.truncated++;
      if (r.cached) counts.fromCache++;
    });
    await flush();
    if (options.format === 'json') await emit(renderScreenJson(run, counts, all));
    await writer?.commit();
    const seconds = (Date.now() - started) / 1000;
    notices(options, counts, seconds);
    return { ...run, counts, prefilledTokens: totals.prefilledTokens, reusedTokens: totals.reusedTokens, generatedTokens: totals.generatedTokens, seconds };
  } catch (err) {
    await writer?.abort();
    throw err;
  }
}

function notices(options: ScreenOptions, counts: ScreenCounts, seconds: number): void {
  const { reporter } = options;
  if (counts.truncated > 0) reporter.notice(`note: ${counts.truncated} of ${counts.pairs} resumes were cut to fit the prompt limit (the instructions, job and answer are never cut)`);
  const computed = counts.pairs - counts.fromCache;
  reporter.notice(`screened ${counts.pairs} pairs (${counts.fromCache} from the cache) in ${seconds.toFixed(1)} s${computed > 0 && seconds > 0 ? `, ${(computed / seconds).toFixed(2)} pairs/s` : ''}: ${counts.selected} ${options.labels[0]}, ${counts.rejected} ${options.labels[1]}`);
}
