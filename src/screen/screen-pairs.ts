/**
 * The screening stage: (job, candidate) pairs -> prompt tokens -> the label probabilities after
 * each prompt (and, with reasons, a generated explanation) -> a decision. Pairs go job by job:
 * the prompt up to the candidate's text is prefilled once per job and its KV cache is reused by
 * every candidate of that job, whose texts are batched by length so padding stays small.
 */
import type { DecisionCache, CachedScreenResult } from '../cache/decision-cache.js';
import { greedyGenerate } from '../generate/generate.js';
import type { CausalLm } from '../generate/causal-lm.js';
import type { KvCache } from '../generate/kv-cache.js';
import { labelProbabilities, scoreLabelsAfter } from '../generate/score-labels.js';
import { decide, type Decision } from '../metrics/classification.js';
import type { ProgressHandle } from '../reporter.js';
import type { DecisionLabels } from './labels.js';
import type { PairTokens, PromptTokens } from './prompt-tokens.js';

export interface ScreenItem {
  id: string;
  text: string;
}

/** One pair to screen: indexes into the jobs and candidates, with its shortlist place if any. */
export interface ScreenPair {
  job: number;
  candidate: number;
  shortlist?: { rank: number; score: number };
}

export interface ReasonSettings {
  maxNewTokens: number;
  eosTokenIds: readonly number[];
  stopStrings: readonly string[];
}

export interface ScreenSettings {
  lm: CausalLm;
  prompt: PromptTokens;
  labels: DecisionLabels;
  threshold: number;
  /** Candidates per model run. */
  batchSize: number;
  /** Generate a reason after the decided label (the label is fed, so the reason explains it). */
  reasons?: ReasonSettings;
  cache?: DecisionCache;
  progress: ProgressHandle;
  /** false: prefill every prompt whole (measures what prefix reuse saves); default true. */
  reusePrefix?: boolean;
}

export interface PairResult {
  pair: ScreenPair;
  decision: Decision;
  /** P(selected) / (P(selected) + P(rejected)). */
  pSelected: number;
  /** log P(label | prompt) of the selected and the rejected label. */
  logProbs: [number, number];
  promptTokens: number;
  truncated: boolean;
  cached: boolean;
  reason?: string;
  finish?: string;
}

export interface ScreenTotals {
  pairs: number;
  fromCache: number;
  /** Tokens run through the model: each job's prefix once, plus every screened suffix. */
  prefilledTokens: number;
  /** Prefix tokens that reuse saved (prompt tokens that were not prefilled again). */
  reusedTokens: number;
  generatedTokens: number;
}

/**
 * Screens `pairs` (in that order), calling `onResult` once per pair, job by job.
 *
 * @example
 * await screenPairs(pairs, jobs, candidates, settings, (r) => rows.push(r));
 */
export async function screenPairs(
  pairs: readonly ScreenPair[],
  jobs: readonly ScreenItem[],
  candidates: readonly ScreenItem[],
  settings: ScreenSettings,
  onResult: (result: PairResult) => void | Promise<void>,
): Promise<ScreenTotals> {
  const totals: ScreenTotals = { pairs: 0, fromCache: 0, prefilledTokens: 0, reusedTokens: 0, generatedTokens: 0 };
  let done = 0;
  for (const group of byJob(pairs)) {
    const job = jobs[group[0]!.job] as ScreenItem;
    const tokens = group.map((p) => settings.prompt.pair(job, (candidates[p.candidate] as ScreenItem).text));
    const keys = settings.cache === undefined ? [] : tokens.map((t) => settings.cache!.key([...t.prefix, ...t.suffix]));
    const cached = settings.cache?.lookup(keys) ?? [];
    const results: Array<CachedScreenResult | undefined> = [...cached];
    const missing = group.map((_, i) => i).filter((i) => results[i] === undefined);
    done += group.length - missing.length;
    settings.progress.update(done);
    if (missing.length > 0) {
      const reuse = settings.reusePrefix !== false;
      const prefix = reuse ? await prefillPrefix(settings.lm, (tokens[0] as PairTokens).prefix, totals) : undefined;
      // Similar lengths together: a batch is padded to its longest suffix.
      missing.sort((a, b) => (tokens[a] as PairTokens).suffix.length - (tokens[b] as PairTokens).suffix.length);
      for (let start = 0; start < missing.length; start += settings.batchSize) {
        const batch = missing.slice(start, start + settings.batchSize);
        const rows = batch.map((i) => (reuse ? (tokens[i] as PairTokens).suffix : [...(tokens[i] as PairTokens).prefix, ...(tokens[i] as PairTokens).suffix]));
        const computed = await screenBatch(rows, prefix, settings, totals);
        batch.forEach((i, b) => (results[i] = computed[b]));
        settings.cache?.store(batch.map((i, b) => ({ key: keys[i] as Buffer, result: computed[b] as CachedScreenResult })));
        done += batch.length;
        settings.progress.update(done);
      }
      if (reuse) totals.reusedTokens += (tokens[0] as PairTokens).prefix.length * (missing.length - 1);
    }
    for (let i = 0; i < group.length; i++) {
      const result = results[i] as CachedScreenResult;
      const t = tokens[i] as PairTokens;
      const pSelected = selectedProbability(result.logProbs);
      await onResult({
        pair: group[i] as ScreenPair,
        decision: decide(pSelected, settings.threshold),
        pSelected,
        logProbs: result.logProbs,
        promptTokens: t.prefix.length + t.suffix.length,
        truncated: t.truncated,
        cached: cached[i] !== undefined,
        ...(result.reason === undefined ? {} : { reason: result.reason, finish: result.finish ?? 'length' }),
      });
    }
    totals.pairs += group.length;
    totals.fromCache += group.length - missing.length;
  }
  return totals;
}

/** P(selected) renormalised over the two labels. */
function selectedProbability(logProbs: readonly [number, number]): number {
  return labelProbabilities(logProbs.map((logProb) => ({ logProb, tokenLogProbs: [] })))[0] as number;
}

/** Pairs of one job together, jobs in order of first appearance, pairs in their given order. */
function byJob(pairs: readonly ScreenPair[]): ScreenPair[][] {
  const groups = new Map<number, ScreenPair[]>();
  for (const p of pairs) groups.set(p.job, [...(groups.get(p.job) ?? []), p]);
  return [...groups.values()];
}

async function prefillPrefix(lm: CausalLm, prefix: readonly number[], totals: ScreenTotals): Promise<KvCache | undefined> {
  if (prefix.length === 0) return undefined;
  totals.prefilledTokens += prefix.length;
  return (await lm.prefill([prefix])).cache;
}

/** Label scores (and reasons) of one batch of suffixes on the job's prefix cache. */
async function screenBatch(suffixes: number[][], prefix: KvCache | undefined, settings: ScreenSettings, totals: ScreenTotals): Promise<CachedScreenResult[]> {
  const { lm, labels } = settings;
  totals.prefilledTokens += suffixes.reduce((n, s) => n + s.length, 0);
  const prefill = await lm.prefill(suffixes, prefix === undefined ? {} : { prefix });
  const scores = await scoreLabelsAfter(lm, prefill, labels.ids);
  const results: CachedScreenResult[] = scores.map((row) => ({ logProbs: [row[0]!.logProb, row[1]!.logProb] }));
  if (settings.reasons === undefined) return results;
  // The decided label and a line break are fed as the answer's start; the reason continues it.
  const newline = lm.tokenize('\n', { specials: 'literal' });
  const answers = results.map((r) => {
    const selected = decide(selectedProbability(r.logProbs), settings.threshold) === 'SELECTED';
    return [...(selected ? labels.ids[0] : labels.ids[1]), ...newline];
  });
  const forced = await lm.step(prefill.cache, answers, 1);
  const generations = await greedyGenerate(lm, (ids) => lm.decode(ids), forced, { ...settings.reasons, eosTokenIds: [...settings.reasons.eosTokenIds], stopStrings: [...settings.reasons.stopStrings] });
  generations.forEach((g, r) => {
    totals.generatedTokens += g.tokens.length;
    (results[r] as CachedScreenResult).reason = g.text.trim();
    (results[r] as CachedScreenResult).finish = g.finish;
  });
  return results;
}
