/**
 * One job title's ranking from its stage-1 candidates: the bi-encoder order alone, or the
 * top K blended with the cross-encoder and the rest (full ranking) below them.
 */
import { TopK } from '../similarity/top-k.js';
import { blendScores, MIN_SPAN, strictlyDecreasing } from './blend.js';
import { argmax, ceScore, softmax, type CeScoreMode } from './ce-score.js';
import type { JobTitle } from './job-titles.js';

/**
 * Offset that puts skills beyond the reranked top K below every blended score: blended scores
 * lie in [0, 1] and cosines in [-1, 1], so a tail skill scores cosine − 2 < 0.
 */
export const TAIL_OFFSET = 2;

/** One job title's ranking, best first; parallel typed arrays so a full ranking stays compact. */
export interface JobRanking {
  job: JobTitle;
  /** Indices into the skills array. */
  skillIndex: Uint32Array;
  /** Final scores, strictly decreasing at 6 decimals (see strictlyDecreasing). */
  score: Float64Array;
  /** Bi-encoder cosine of each listed skill. */
  biScore: Float32Array;
  /** How many leading entries the cross-encoder scored (0 when stage 2 was skipped). */
  reranked: number;
  /** [reranked x labels] raw logits, in ranking order. */
  logits: Float32Array;
  /** [reranked x labels] softmax probabilities; undefined for a single-logit model. */
  probabilities: Float32Array | undefined;
  /** Predicted class (argmax of the logits) of each reranked entry; undefined for a single logit. */
  predicted: Uint8Array | undefined;
  /** The stage-2 score that went into the blend (per --ce-score), per reranked entry. */
  ceScore: Float64Array;
}

/**
 * Stage 1: corpus indices by cosine, best first (ties: lower corpus index first): the exact top
 * K, or every skill when `full` (top K first, then the rest in the same order).
 */
export function retrieve(row: Float32Array, k: number, full: boolean): Uint32Array {
  if (full) {
    const all = Uint32Array.from({ length: row.length }, (_, i) => i);
    return all.sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
  }
  const top = new TopK(k);
  for (let i = 0; i < row.length; i++) top.push(row[i] as number, i);
  return Uint32Array.from(top.sorted(), (s) => s.index);
}

/** ANN hits re-scored exactly and put in the same order as exact search (ties: lower index). */
export function approximateTopK(hits: readonly number[], scoreOf: (index: number) => number): Uint32Array {
  return Uint32Array.from(hits).sort((a, b) => scoreOf(b) - scoreOf(a) || a - b);
}

export function dot(query: Float32Array, vectors: Float32Array, offset: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += (query[d] as number) * (vectors[offset + d] as number);
  // Rounded through float32 so exact and approximate runs report the same cosines.
  return Math.fround(s);
}

export function biOnly(job: JobTitle, scoreOf: (index: number) => number, order: Uint32Array): JobRanking {
  const bi = Float32Array.from(order, (i) => scoreOf(i));
  return {
    job,
    skillIndex: order,
    score: strictlyDecreasing(bi),
    biScore: bi,
    reranked: 0,
    logits: new Float32Array(0),
    probabilities: undefined,
    predicted: undefined,
    ceScore: new Float64Array(0),
  };
}

/**
 * Stage 2 result to ranking: blend the top K, sort them by blended score (ties: higher
 * cosine, then lower corpus index, i.e. their stage-1 order), and append the tail (if any)
 * below them in stage-1 order.
 */
export function blended(
  job: JobTitle,
  scoreOf: (index: number) => number,
  order: Uint32Array,
  k: number,
  logits: Float32Array,
  nLabels: number,
  options: { alpha: number; mode: CeScoreMode; core: number },
): JobRanking {
  const probs: Array<number[] | undefined> = [];
  const ce = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const l = logits.subarray(i * nLabels, (i + 1) * nLabels);
    const p = softmax(l);
    probs.push(p);
    ce[i] = ceScore(l, p, options.mode, options.core);
  }
  const bi = Float32Array.from(order.subarray(0, k), (i) => scoreOf(i));
  const final = blendScores(bi, ce, options.alpha, { bi: MIN_SPAN.bi, ce: MIN_SPAN[options.mode] });
  // Positions 0..k-1 are in stage-1 order, so comparing positions is the documented tie rule.
  const byFinal = Array.from({ length: k }, (_, i) => i).sort((a, b) => (final[b] as number) - (final[a] as number) || a - b);
  const n = order.length;
  const skillIndex = new Uint32Array(n);
  const biScore = new Float32Array(n);
  const raw = new Float64Array(n);
  const outLogits = new Float32Array(k * nLabels);
  const outProbs = nLabels > 1 ? new Float32Array(k * nLabels) : undefined;
  const predicted = nLabels > 1 ? new Uint8Array(k) : undefined;
  const outCe = new Float64Array(k);
  byFinal.forEach((pos, rank) => {
    skillIndex[rank] = order[pos] as number;
    biScore[rank] = bi[pos] as number;
    raw[rank] = final[pos] as number;
    const l = logits.subarray(pos * nLabels, (pos + 1) * nLabels);
    outLogits.set(l, rank * nLabels);
    const p = probs[pos];
    if (outProbs !== undefined && p !== undefined) outProbs.set(p, rank * nLabels);
    if (predicted !== undefined) predicted[rank] = argmax(l);
    outCe[rank] = ce[pos] as number;
  });
  for (let i = k; i < n; i++) {
    const index = order[i] as number;
    skillIndex[i] = index;
    biScore[i] = scoreOf(index);
    raw[i] = (biScore[i] as number) - TAIL_OFFSET;
  }
  return { job, skillIndex, score: strictlyDecreasing(raw), biScore, reranked: k, logits: outLogits, probabilities: outProbs, predicted, ceScore: outCe };
}
