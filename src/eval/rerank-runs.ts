/**
 * Turning rerank pipeline rankings into runs that evaluateRanking scores: stage 1 alone, the
 * blend the pipeline produced, and re-blends at other alphas from the SAME cross-encoder
 * scores (the cross-encoder runs once, however many alphas are swept).
 */
import type { Run } from '../metrics/ranking-evaluation.js';
import { blendScores, MIN_SPAN } from '../rerank/blend.js';
import type { CeScoreMode } from '../rerank/ce-score.js';
import type { JobRanking } from '../rerank/pipeline.js';

/** What one query's pipeline result is reduced to for evaluation. */
export interface RerankedQuery {
  query: string;
  /** Stage-1 order: corpus indices by cosine, best first (ties: lower index), as the pipeline retrieved them. */
  stage1: Uint32Array;
  /** The pipeline's final order (the blend at its alpha, or stage 1 without a reranker). */
  final: Uint32Array;
  /** Cosine and stage-2 score of the first `bi.length` entries of `stage1` (the reranked top K). */
  bi: Float64Array;
  ce: Float64Array;
}

/**
 * Reduces a pipeline ranking. The reranked entries come back in blended order; sorting them by
 * cosine descending, then corpus index ascending, restores the pipeline's stage-1 order (its
 * documented retrieval tie rule); the tail is already in stage-1 order.
 */
export function reduceRanking(ranking: JobRanking): RerankedQuery {
  const k = ranking.reranked;
  const top = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => ranking.biScore[b]! - ranking.biScore[a]! || ranking.skillIndex[a]! - ranking.skillIndex[b]!,
  );
  const stage1 = new Uint32Array(ranking.skillIndex.length);
  top.forEach((pos, i) => (stage1[i] = ranking.skillIndex[pos]!));
  stage1.set(ranking.skillIndex.subarray(k), k);
  return {
    query: ranking.job.id,
    stage1,
    final: ranking.skillIndex,
    bi: Float64Array.from(top, (pos) => ranking.biScore[pos]!),
    ce: Float64Array.from(top, (pos) => ranking.ceScore[pos]!),
  };
}

/**
 * The order the pipeline would give at `alpha`: the top K re-blended with the pipeline's blend
 * (blendScores, guarded min-max spans for `mode`), sorted by blended score with ties in stage-1
 * order, then the tail in stage-1 order.
 */
export function reblend(query: RerankedQuery, alpha: number, mode: CeScoreMode): Uint32Array {
  const k = query.bi.length;
  const final = blendScores(query.bi, query.ce, alpha, { bi: MIN_SPAN.bi, ce: MIN_SPAN[mode] });
  const byFinal = Array.from({ length: k }, (_, i) => i).sort((a, b) => final[b]! - final[a]! || a - b);
  const order = new Uint32Array(query.stage1.length);
  byFinal.forEach((pos, rank) => (order[rank] = query.stage1[pos]!));
  order.set(query.stage1.subarray(k), k);
  return order;
}

/**
 * A run from explicit orders: each listed document scores (n - position), strictly decreasing,
 * so evaluateRanking's score sort reproduces the order exactly (no tie rule involved).
 *
 * @example runFromOrders([{ query: 'q1', order: Uint32Array.of(2, 0) }], ['a', 'b', 'c']) // q1: c -> 2, a -> 1
 */
export function runFromOrders(orders: ReadonlyArray<{ query: string; order: ArrayLike<number> }>, docIds: readonly string[]): Run {
  const run = new Map<string, Map<string, number>>();
  for (const { query, order } of orders) {
    const scores = new Map<string, number>();
    for (let i = 0; i < order.length; i++) scores.set(docIds[order[i]!]!, order.length - i);
    run.set(query, scores);
  }
  return run;
}
