/**
 * Label scoring: log P(label | prompt) = the sum of the conditional log-probabilities of the
 * label's tokens, for several labels (each possibly several tokens) after each of several
 * prompts. The prompts' last logits give every label's first token; one more step, with every
 * multi-token label fed on top of its prompt's cache (left-padded so the label tokens end the
 * row), gives all the others. Two model runs in all, however many labels.
 */
import type { KvCache } from './kv-cache.js';
import type { StepResult } from './decoder-session.js';
import { tokenLogProbs } from './log-probs.js';

/** Runs new tokens on top of a cache; `keep` last positions' logits come back. */
export interface Stepper {
  step(cache: KvCache, rows: readonly (readonly number[])[], keep: number): Promise<StepResult>;
}

/** A prompt's cache with the logits of its last position ([batch * vocab]). */
export interface Prefill {
  cache: KvCache;
  logits: Float32Array;
  vocabSize: number;
}

export interface LabelScore {
  /** log P(label | prompt), natural log. */
  logProb: number;
  /** The conditional log-probability of each label token. */
  tokenLogProbs: number[];
}

/**
 * Scores `labels` after every row of `prefill`; returns [row][label].
 *
 * @example
 * const scores = await scoreLabelsAfter(stepper, prefill, [[18356], [2579, 2945]]);
 * labelProbabilities(scores[0]); // [0.73, 0.27]: P(label) renormalised over the labels
 */
export async function scoreLabelsAfter(stepper: Stepper, prefill: Prefill, labels: readonly (readonly number[])[]): Promise<LabelScore[][]> {
  if (labels.some((l) => l.length === 0)) throw new RangeError('every label needs at least one token');
  const { cache, logits, vocabSize } = prefill;
  const first = labels.map((l) => l[0] as number);
  const scores: LabelScore[][] = Array.from({ length: cache.batch }, (_, r) =>
    tokenLogProbs(logits, r * vocabSize, vocabSize, first).map((lp) => ({ logProb: lp, tokenLogProbs: [lp] })),
  );
  const longer = labels.map((l, j) => ({ label: l, j })).filter(({ label }) => label.length > 1);
  if (longer.length === 0) return scores;
  // Row (r, j) feeds label j minus its last token after prompt r; its kept logits, right-aligned,
  // are the predictions of label tokens 1.. in order.
  const pairs = Array.from({ length: cache.batch }, (_, r) => longer.map(({ label, j }) => ({ r, j, label }))).flat();
  const keep = Math.max(...longer.map(({ label }) => label.length - 1));
  const step = await stepper.step(
    cache.select(pairs.map((p) => p.r)),
    pairs.map((p) => p.label.slice(0, -1)),
    keep,
  );
  pairs.forEach(({ r, j, label }, row) => {
    const score = scores[r]?.[j] as LabelScore;
    for (let t = 1; t < label.length; t++) {
      const position = keep - (label.length - 1) + (t - 1);
      const [lp] = tokenLogProbs(step.logits, (row * keep + position) * step.vocabSize, step.vocabSize, [label[t] as number]);
      score.tokenLogProbs.push(lp as number);
      score.logProb += lp as number;
    }
  });
  return scores;
}

/**
 * The labels' probabilities renormalised over the given labels (a softmax of their log-probs):
 * P(SELECTED) / (P(SELECTED) + P(REJECTED)) for a two-label decision.
 */
export function labelProbabilities(scores: readonly LabelScore[]): number[] {
  const max = Math.max(...scores.map((s) => s.logProb));
  const weights = scores.map((s) => Math.exp(s.logProb - max));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}
