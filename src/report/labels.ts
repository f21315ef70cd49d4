/** Turns a cosine score into a coarse verdict a reader can scan: good, mid or bad. */
import { UsageError } from '../errors.js';
import type { MatchLabel } from './score/score-report.js';

export interface LabelThresholds {
  /** Scores at or above this are `good`. */
  good: number;
  /** Scores at or below this are `bad`. */
  bad: number;
}

export const DEFAULT_THRESHOLDS: Readonly<LabelThresholds> = Object.freeze({ good: 0.6, bad: 0.3 });

/**
 * Checks user-given thresholds: both finite and `bad < good` (equal thresholds would leave no
 * room for `mid` and make the boundary score ambiguous).
 */
export function validateThresholds(thresholds: LabelThresholds): LabelThresholds {
  const { good, bad } = thresholds;
  if (!Number.isFinite(good) || !Number.isFinite(bad)) {
    throw new UsageError(`label thresholds must be numbers, got good=${good} bad=${bad}`);
  }
  if (!(bad < good)) {
    throw new UsageError(`label thresholds: bad (${bad}) must be lower than good (${good})`);
  }
  return thresholds;
}

/**
 * `good` when score >= good, `bad` when score <= bad, else `mid`.
 *
 * @example
 * labelFor(0.6)  // 'good' (boundary is inclusive)
 * labelFor(0.45) // 'mid'
 * labelFor(0.3)  // 'bad'
 */
export function labelFor(score: number, thresholds: LabelThresholds = DEFAULT_THRESHOLDS): MatchLabel {
  validateThresholds(thresholds);
  if (score >= thresholds.good) return 'good';
  if (score <= thresholds.bad) return 'bad';
  return 'mid';
}
