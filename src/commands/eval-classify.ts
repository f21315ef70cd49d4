/**
 * `resumator eval classify`: SELECTED/REJECTED decisions (from the file, or score >= a given
 * or calibrated threshold) against gold decisions, with CI gates.
 */
import { GateError, UsageError } from '../errors.js';
import { emitEvalReport, type EvalFormat } from '../report/eval/eval-output.js';
import { parseGates } from '../eval/gates.js';
import { readDecisions, readJoinedDecisions } from '../eval/decisions-file.js';
import { renderClassifyReport, type ClassifyReport } from '../report/eval/classify.js';
import { renderClassifyHtml } from '../report/html/eval-html.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { calibrateThreshold, classify, CLASSIFY_METRIC_NAMES, decide, flatClassificationMetrics, maxSelectedPrecision, type Decision } from '../metrics/classification.js';
import { checkOutputTargets } from '../output/output-targets.js';

export interface EvalClassifyOptions {
  file: string;
  /** Gold decisions per (candidate, job) in their own file; `file` then holds only the system's (e.g. `screen` output). */
  gold?: string;
  columns?: ColumnOverrides;
  inputFormat?: InputFormat;
  /** Decide SELECTED when score >= threshold, instead of reading the decision column. */
  threshold?: number;
  /** Find the threshold maximising SELECTED recall with SELECTED precision >= this. */
  calibrateMinPrecision?: number;
  gates: readonly string[];
  format: EvalFormat;
  output?: string;
  write: (chunk: string) => void;
}

/**
 * Evaluates, writes the report, then enforces the gates. With calibration, a target precision
 * no threshold reaches is a GateError (exit 1, like a failed gate) naming the best precision
 * any threshold gives, after nothing was written.
 */
export async function evalClassifyCommand(options: EvalClassifyOptions): Promise<ClassifyReport> {
  const gates = parseGates(options.gates, CLASSIFY_METRIC_NAMES);
  const p = options.calibrateMinPrecision;
  if (p !== undefined && options.threshold !== undefined) throw new UsageError('--calibrate finds the threshold itself: give --threshold or --calibrate, not both');
  if (p !== undefined && !(p > 0 && p <= 1)) throw new UsageError(`--min-precision must be in (0, 1], got ${p}`);
  await checkOutputTargets([{ what: '--output', path: options.output }], [
    { what: 'the decisions file', path: options.file },
    { what: 'the --gold file', path: options.gold },
  ]);
  const byScore = options.threshold !== undefined || p !== undefined;
  const need = byScore ? 'score' : 'decision';
  const readOptions = { columns: options.columns, format: options.inputFormat };
  const joined = options.gold === undefined ? undefined : await readJoinedDecisions(options.file, options.gold, need, readOptions);
  const items = joined?.items ?? (await readDecisions(options.file, need, readOptions));
  const gold = items.map((i) => i.gold);

  let threshold: number | null = options.threshold ?? null;
  let calibration: ClassifyReport['calibration'] = null;
  if (p !== undefined) {
    const scores = items.map((i) => i.score!);
    const found = calibrateThreshold(gold, scores, p);
    if (found === undefined) throw new GateError(unreachable(gold, scores, p, options.file));
    calibration = { ...found, minPrecision: p };
    threshold = found.threshold;
  }
  const predicted: Decision[] = threshold === null ? items.map((i) => i.decision!) : items.map((i) => decide(i.score!, threshold!));
  const metrics = classify(gold, predicted);
  const report: ClassifyReport = { file: options.file, count: items.length, threshold, calibration, metrics, gates: [], ...(joined === undefined ? {} : { gold: { file: options.gold as string, unmatched: joined.unmatched } }) };
  report.gates = await emitEvalReport(
    flatClassificationMetrics(metrics),
    gates,
    (results, format) => (format === 'html' ? renderClassifyHtml({ ...report, gates: results }) : renderClassifyReport({ ...report, gates: results }, format)),
    options,
  );
  return report;
}

function unreachable(gold: readonly Decision[], scores: readonly number[], p: number, file: string): string {
  if (!gold.includes('SELECTED')) return `${file}: no gold SELECTED item, so SELECTED precision is undefined at every threshold`;
  const best = maxSelectedPrecision(gold, scores);
  return `no threshold reaches SELECTED precision >= ${p} on ${file}: the best any threshold gives is ${best.toFixed(4)} (select when score >= threshold; equal scores are never split)`;
}
