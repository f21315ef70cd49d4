/**
 * How closely a quantized causal LM follows its float32 source on sample prompts:
 * - top-1 agreement: the share of prompt positions whose next-token argmax is the same. Every
 *   position of every prompt counts (teacher-forced: both models read the same prompt tokens),
 *   which gives hundreds of comparisons from one model run per prompt; free-running greedy
 *   steps would stop being comparable at the first disagreement.
 * - label-probability difference: |p_fp32 - p_quant| of P(SELECTED) / (P(SELECTED) +
 *   P(REJECTED)) after each prompt, the number `screen` decides on; max and mean.
 */
import { CausalLm } from '../generate/causal-lm.js';
import { argmax } from '../generate/log-probs.js';
import { labelProbabilities, scoreLabelsAfter } from '../generate/score-labels.js';
import { beyond } from './agreement.js';
import type { QuantizeType } from './quantize-onnx.js';
import { SCREENING_LABELS } from './sample-prompts.js';

export interface LmAgreement {
  prompts: number;
  /** Prompt positions compared (the sum of the prompts' token counts). */
  positions: number;
  /** Share of positions where both models' argmax is the same token. */
  top1: number;
  /** Share of prompts whose last position (where the label follows) agrees. */
  top1Last: number;
  /** Largest and mean |p_fp32 - p_quant| of the first label's renormalised probability. */
  labelDiffMax: number;
  labelDiffMean: number;
}

/** What one model predicts on the prompts. */
export interface LmPredictions {
  /** Per prompt, the argmax token after each of its positions. */
  argmax: Int32Array[];
  /** Per prompt, P(label 0) / (P(label 0) + P(label 1)). */
  labelProbability: number[];
}

/**
 * Runs `dir`'s model over each prompt once (all positions' logits kept) and scores the labels
 * on top of the prompt's cache.
 */
export async function lmPredictions(dir: string, prompts: readonly string[], options: { threads?: number; labels?: readonly [string, string] } = {}): Promise<LmPredictions> {
  const lm = await CausalLm.open(dir, options.threads === undefined ? {} : { threads: options.threads });
  try {
    const labels = (options.labels ?? SCREENING_LABELS).map((l) => lm.tokenize(l, { specials: 'literal' }));
    const out: LmPredictions = { argmax: [], labelProbability: [] };
    for (const prompt of prompts) {
      const ids = lm.tokenize(prompt, { specials: 'literal' });
      const step = await lm.step(lm.emptyCache(1), [ids], ids.length);
      const { vocabSize, logits } = step;
      out.argmax.push(Int32Array.from(ids, (_, t) => argmax(logits, t * vocabSize, vocabSize)));
      const last = logits.subarray((ids.length - 1) * vocabSize, ids.length * vocabSize);
      const [scores] = await scoreLabelsAfter(lm, { cache: step.cache, logits: last, vocabSize }, labels);
      out.labelProbability.push(labelProbabilities(scores ?? [])[0] as number);
    }
    return out;
  } finally {
    await lm.dispose();
  }
}

/**
 * Compares two models' predictions on the same prompts.
 *
 * @example
 * compareLmPredictions({ argmax: [Int32Array.of(1, 2)], labelProbability: [0.7] },
 *                      { argmax: [Int32Array.of(1, 3)], labelProbability: [0.6] });
 * // { prompts: 1, positions: 2, top1: 0.5, top1Last: 0, labelDiffMax: 0.1, labelDiffMean: 0.1 }
 */
export function compareLmPredictions(reference: LmPredictions, candidate: LmPredictions): LmAgreement {
  const prompts = reference.argmax.length;
  if (candidate.argmax.length !== prompts) throw new RangeError(`${prompts} prompts against ${candidate.argmax.length}`);
  let positions = 0;
  let same = 0;
  let sameLast = 0;
  let diffMax = 0;
  let diffSum = 0;
  for (let p = 0; p < prompts; p++) {
    const a = reference.argmax[p] as Int32Array;
    const b = candidate.argmax[p] as Int32Array;
    if (a.length !== b.length) throw new RangeError(`prompt ${p}: ${a.length} positions against ${b.length}`);
    for (let t = 0; t < a.length; t++) if (a[t] === b[t]) same++;
    positions += a.length;
    if (a.length > 0 && a[a.length - 1] === b[b.length - 1]) sameLast++;
    const diff = Math.abs((reference.labelProbability[p] as number) - (candidate.labelProbability[p] as number));
    diffMax = Math.max(diffMax, diff);
    diffSum += diff;
  }
  return {
    prompts,
    positions,
    top1: positions === 0 ? NaN : same / positions,
    top1Last: prompts === 0 ? NaN : sameLast / prompts,
    // Math.max keeps a NaN (a broken model's probabilities), so it fails the floor.
    labelDiffMax: prompts === 0 ? NaN : diffMax,
    labelDiffMean: prompts === 0 ? NaN : diffSum / prompts,
  };
}

/** Runs both models over the prompts (one at a time, so only one is in memory) and compares them. */
export async function measureLmAgreement(referenceDir: string, candidateDir: string, prompts: readonly string[], options: { threads?: number } = {}): Promise<LmAgreement> {
  const reference = await lmPredictions(referenceDir, prompts, options);
  const candidate = await lmPredictions(candidateDir, prompts, options);
  return compareLmPredictions(reference, candidate);
}

/** The least agreement a quantized causal LM must reach to be written. */
export interface LmAgreementFloor {
  /** Least share of positions with the same argmax. */
  top1: number;
  /** Largest allowed |p_fp32 - p_quant| of any prompt's label probability. */
  labelDiff: number;
}

/**
 * Per type, from random-weight models of the real Qwen2.5-0.5B shape (docs/models.md,
 * Quantization, has the figures): healthy int8 measured top-1 0.77-0.81 and label difference
 * 0.03-0.05, healthy int4 0.23-0.35 and 0.16-0.20; broken models (nibbles swapped, zero points
 * lost, int8 scales misassigned, int8 weights clipped) 0-0.30 and 0.12-0.68. Random weights give
 * nearly flat next-token distributions (top-1/top-2 logit gaps of ~0.1), the worst case for
 * top-1; trained models agree more, so these floors catch broken quantization, not quality.
 */
export const DEFAULT_LM_FLOORS: Readonly<Record<QuantizeType, Readonly<LmAgreementFloor>>> = {
  int8: { top1: 0.6, labelDiff: 0.1 },
  int4: { top1: 0.15, labelDiff: 0.3 },
};

/** The failed parts of the floor, e.g. ['top-1 0.12 < 0.15']; empty when it passes. NaN fails. */
export function belowLmFloor(agreement: LmAgreement, floor: LmAgreementFloor): string[] {
  const failed: string[] = [];
  if (!(agreement.top1 >= floor.top1)) failed.push(`top-1 ${beyond(agreement.top1, floor.top1, 'below', 4)} < ${floor.top1}`);
  if (!(agreement.labelDiffMax <= floor.labelDiff)) failed.push(`max label-probability difference ${beyond(agreement.labelDiffMax, floor.labelDiff, 'above', 4)} > ${floor.labelDiff}`);
  return failed;
}
