/**
 * From a cross-encoder's logits to the one number stage 2 contributes to the blend, plus the
 * per-skill details the output reports (probabilities, predicted class).
 */
import { UsageError } from '../errors.js';

/** `logit`: the core class's logit (SkillScout's choice); `p-core`: its softmax probability; `expected`: Σ class id · P(class). */
export type CeScoreMode = 'logit' | 'p-core' | 'expected';
export const CE_SCORE_MODES: readonly CeScoreMode[] = ['logit', 'p-core', 'expected'];

/**
 * The class whose logit or probability counts as "relevant": the label named `core`
 * (case-insensitive), else the highest class id (ms-marco's single logit is class 0).
 */
export function coreClass(labels: readonly string[]): number {
  const named = labels.findIndex((l) => l.toLowerCase() === 'core');
  return named >= 0 ? named : labels.length - 1;
}

/** Throws UsageError for a mode that needs probabilities on a single-logit model. */
export function checkCeScoreMode(mode: CeScoreMode, labels: readonly string[], model: string): void {
  if (labels.length === 1 && mode !== 'logit') {
    throw new UsageError(
      `--ce-score ${mode} needs class probabilities, but ${model} has a single logit (a softmax over one value is always 1); use --ce-score logit`,
    );
  }
}

/**
 * Softmax of one row of logits, computed stably (max subtracted). Undefined for a single logit:
 * a softmax over one value is 1.0 for every input and would carry no information.
 *
 * @example softmax(Float32Array.of(0, Math.log(3))) // [0.25, 0.75]
 */
export function softmax(logits: ArrayLike<number>): number[] | undefined {
  if (logits.length < 2) return undefined;
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i] as number) - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The stage-2 score of one skill under `mode` (the mode was checked for this label count). */
export function ceScore(logits: ArrayLike<number>, probabilities: readonly number[] | undefined, mode: CeScoreMode, core: number): number {
  if (mode === 'logit' || probabilities === undefined) return logits[core] as number;
  if (mode === 'p-core') return probabilities[core] as number;
  return probabilities.reduce((sum, p, cls) => sum + cls * p, 0);
}

/** Index of the largest logit; the lower class id wins a tie. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}
