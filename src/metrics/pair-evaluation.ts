/** All of `eval pairs`' metrics at once, from gold scores, system scores and candidate ids. */
import { pearson, spearman } from './correlation.js';
import { bandCounts, CARD_BANDS, rankingAccuracy, rankingAccuracyWithin, separation, type BandCounts, type GoldBands, type PairwiseAccuracy } from './pair-metrics.js';
import { iqr } from './quantile.js';

/** Metric names in report order: the JSON keys and what `--min` accepts. */
export const PAIR_METRIC_NAMES = ['spearman', 'pearson', 'ranking_accuracy', 'ranking_accuracy_within_candidate', 'separation', 'iqr'] as const;
export type PairMetricName = (typeof PAIR_METRIC_NAMES)[number];

export interface PairEvaluation {
  /** NaN where undefined (constant scores, no good or no bad pairs). */
  metrics: Record<PairMetricName, number>;
  counts: BandCounts;
  comparisons: { all: PairwiseAccuracy; withinCandidate: PairwiseAccuracy };
}

/**
 * spearman/pearson: system score vs gold; ranking accuracy (all and within candidate) and
 * separation over the gold bands; iqr of the system scores (numpy-linear quartiles).
 *
 * @example evaluatePairs([0.9, 0.1], [0.8, 0.2], ['c1', 'c1']).metrics.ranking_accuracy // 1
 */
export function evaluatePairs(
  gold: ArrayLike<number>,
  scores: ArrayLike<number>,
  candidates: readonly string[],
  bands: GoldBands = CARD_BANDS,
): PairEvaluation {
  const all = rankingAccuracy(gold, scores, bands);
  const withinCandidate = rankingAccuracyWithin(gold, scores, candidates, bands);
  return {
    metrics: {
      spearman: spearman(scores, gold),
      pearson: pearson(scores, gold),
      ranking_accuracy: all.accuracy,
      ranking_accuracy_within_candidate: withinCandidate.accuracy,
      separation: separation(gold, scores, bands),
      iqr: iqr(scores),
    },
    counts: bandCounts(gold, bands),
    comparisons: { all, withinCandidate },
  };
}
