/**
 * Decision metrics for a two-class screener (SELECTED / REJECTED), and calibrating a score
 * threshold for a target SELECTED precision.
 */

export type Decision = 'SELECTED' | 'REJECTED';
export const DECISIONS: readonly Decision[] = ['SELECTED', 'REJECTED'];

/** Counts by (gold, predicted). */
export interface ConfusionMatrix {
  /** gold SELECTED, predicted SELECTED (true positives for SELECTED). */
  selectedAsSelected: number;
  /** gold SELECTED, predicted REJECTED. */
  selectedAsRejected: number;
  /** gold REJECTED, predicted SELECTED. */
  rejectedAsSelected: number;
  /** gold REJECTED, predicted REJECTED. */
  rejectedAsRejected: number;
}

export interface ClassScores {
  /** TP / predicted as the class; NaN when nothing was predicted as it. */
  precision: number;
  /** TP / gold of the class; NaN when the gold has none of it. */
  recall: number;
  /** 2PR / (P + R); NaN when P or R is NaN, 0 when both are 0. */
  f1: number;
  /** Gold items of the class. */
  support: number;
}

export interface ClassificationMetrics {
  /** Correct decisions / all; NaN for no items. */
  accuracy: number;
  selected: ClassScores;
  rejected: ClassScores;
  confusion: ConfusionMatrix;
}

/**
 * Accuracy, per-class precision/recall/F1 and the confusion matrix of `predicted` against
 * `gold` (same length, item i paired). Undefined ratios (0/0) are NaN rather than sklearn's 0,
 * so a report can say "undefined" instead of a misleading 0.
 *
 * @example
 * classify(['SELECTED', 'REJECTED'], ['SELECTED', 'SELECTED']).selected.precision // 0.5
 */
export function classify(gold: readonly Decision[], predicted: readonly Decision[]): ClassificationMetrics {
  if (gold.length !== predicted.length) throw new RangeError(`gold and predicted differ in length: ${gold.length} vs ${predicted.length}`);
  const c: ConfusionMatrix = { selectedAsSelected: 0, selectedAsRejected: 0, rejectedAsSelected: 0, rejectedAsRejected: 0 };
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    if (g === 'SELECTED') p === 'SELECTED' ? c.selectedAsSelected++ : c.selectedAsRejected++;
    else p === 'SELECTED' ? c.rejectedAsSelected++ : c.rejectedAsRejected++;
  });
  const n = gold.length;
  return {
    accuracy: n === 0 ? NaN : (c.selectedAsSelected + c.rejectedAsRejected) / n,
    selected: classScores(c.selectedAsSelected, c.selectedAsSelected + c.rejectedAsSelected, c.selectedAsSelected + c.selectedAsRejected),
    rejected: classScores(c.rejectedAsRejected, c.rejectedAsRejected + c.selectedAsRejected, c.rejectedAsRejected + c.rejectedAsSelected),
    confusion: c,
  };
}

/** SELECTED when score >= threshold (the boundary is inclusive, as `score --select-threshold`). */
export function decide(score: number, threshold: number): Decision {
  return score >= threshold ? 'SELECTED' : 'REJECTED';
}

export interface Calibration {
  /** Select when score >= threshold: the lowest score the chosen rule selects. */
  threshold: number;
  precision: number;
  recall: number;
  /** Items selected at this threshold. */
  selected: number;
}

/**
 * The threshold maximising SELECTED recall subject to SELECTED precision >= `minPrecision`.
 * Candidates are the distinct scores themselves (select when score >= t), so items with equal
 * scores always fall on the same side: a tie is never split. Among thresholds with the best
 * recall the HIGHEST is chosen (fewest selections, so precision is at least as high).
 * Returns undefined when no threshold reaches the precision (or the gold has no SELECTED item).
 *
 * @example
 * // scores 0.9 S, 0.8 R, 0.7 S, 0.6 S; P >= 0.75: t = 0.6 selects 4 with 3 S (P 0.75, R 1)
 * calibrateThreshold(['SELECTED', 'REJECTED', 'SELECTED', 'SELECTED'], [0.9, 0.8, 0.7, 0.6], 0.75)
 * // { threshold: 0.6, precision: 0.75, recall: 1, selected: 4 }
 */
export function calibrateThreshold(gold: readonly Decision[], scores: ArrayLike<number>, minPrecision: number): Calibration | undefined {
  let best: Calibration | undefined;
  for (const point of thresholdPoints(gold, scores)) {
    if (point.precision >= minPrecision && (best === undefined || point.recall > best.recall)) best = point;
  }
  return best;
}

/**
 * The best SELECTED precision any threshold reaches (thresholds as in
 * {@link calibrateThreshold}); NaN when the gold has no SELECTED item or there are no items.
 * Lets a failed calibration say how far off the target is.
 */
export function maxSelectedPrecision(gold: readonly Decision[], scores: ArrayLike<number>): number {
  let best = NaN;
  for (const point of thresholdPoints(gold, scores)) if (!(point.precision <= best)) best = point.precision;
  return best;
}

/** Every distinct score as a threshold, highest first, with what selecting score >= it gives. */
function* thresholdPoints(gold: readonly Decision[], scores: ArrayLike<number>): Generator<Calibration> {
  if (gold.length !== scores.length) throw new RangeError(`gold and scores differ in length: ${gold.length} vs ${scores.length}`);
  const positives = gold.filter((g) => g === 'SELECTED').length;
  if (positives === 0) return;
  const order = gold.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let i = 0;
  // A threshold is only evaluated after a whole run of equal scores, so ties are never split.
  while (i < order.length) {
    const threshold = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === threshold) if (gold[order[i++]!] === 'SELECTED') tp++;
    yield { threshold, precision: tp / i, recall: tp / positives, selected: i };
  }
}

function classScores(tp: number, predicted: number, support: number): ClassScores {
  const precision = predicted === 0 ? NaN : tp / predicted;
  const recall = support === 0 ? NaN : tp / support;
  const f1 = Number.isNaN(precision) || Number.isNaN(recall) ? NaN : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support };
}

/** Flat metric names in report order: the JSON keys and what `--min` accepts. */
export const CLASSIFY_METRIC_NAMES = ['accuracy', 'selected_precision', 'selected_recall', 'selected_f1', 'rejected_precision', 'rejected_recall', 'rejected_f1'] as const;

/** {@link ClassificationMetrics} as a flat record keyed by {@link CLASSIFY_METRIC_NAMES}. */
export function flatClassificationMetrics(m: ClassificationMetrics): Record<(typeof CLASSIFY_METRIC_NAMES)[number], number> {
  return {
    accuracy: m.accuracy,
    selected_precision: m.selected.precision,
    selected_recall: m.selected.recall,
    selected_f1: m.selected.f1,
    rejected_precision: m.rejected.precision,
    rejected_recall: m.rejected.recall,
    rejected_f1: m.rejected.f1,
  };
}
