/** `eval pairs` report: the JSON object (documented in docs/eval.md) and the table. */
import type { GoldBands } from '../../metrics/pair-metrics.js';
import type { PairEvaluation } from '../../metrics/pair-evaluation.js';
import { renderHistogram } from '../score/table.js';
import type { HistogramBin } from '../score/score-report.js';
import type { GateResult } from '../../eval/gates.js';
import { gateLines, jsonGates, jsonMetrics, jsonText, metricLines, type EvalFormat } from './eval-output.js';

export interface PairsReport {
  pairsFile: string;
  /** The system evaluated: a model (with the dimension used) or a scores file. */
  system: { model: string; dim: number } | { scores: string };
  count: number;
  bands: GoldBands;
  evaluation: PairEvaluation;
  /** Histogram of the system scores (score's 11 bins). */
  histogram: HistogramBin[];
  /** Every pair's gold label and system score, for the HTML report's scatter plot. */
  points?: { gold: Float64Array; scores: Float64Array; candidates: readonly string[]; jobs: readonly string[] };
  gates: GateResult[];
}

/** The report as pretty JSON (keys in the documented order) or as a table with the histogram. */
export function renderPairsReport(report: PairsReport, format: EvalFormat): string {
  const { evaluation: e } = report;
  if (format === 'json') {
    return jsonText({
      eval: 'pairs',
      pairs: report.pairsFile,
      system: report.system,
      count: report.count,
      bands: { good: report.bands.good, bad: report.bands.bad },
      counts: { good: e.counts.good, mid: e.counts.mid, bad: e.counts.bad },
      metrics: jsonMetrics(e.metrics),
      comparisons: {
        ranking_accuracy: { correct: e.comparisons.all.correct, total: e.comparisons.all.total },
        ranking_accuracy_within_candidate: { correct: e.comparisons.withinCandidate.correct, total: e.comparisons.withinCandidate.total },
      },
      histogram: report.histogram,
      gates: jsonGates(report.gates),
    });
  }
  const system = 'model' in report.system ? `model ${report.system.model} (dim ${report.system.dim})` : `scores ${report.system.scores}`;
  const { all, withinCandidate } = e.comparisons;
  const lines = [
    `Pair evaluation: ${report.count} pairs from ${report.pairsFile}, ${system}`,
    `Gold bands: good >= ${report.bands.good}: ${e.counts.good}   mid: ${e.counts.mid}   bad <= ${report.bands.bad}: ${e.counts.bad}`,
    '',
    'Metrics',
    ...metricLines(e.metrics, {
      ranking_accuracy: `(${all.correct}/${all.total} good-bad pairs)`,
      ranking_accuracy_within_candidate: `(${withinCandidate.correct}/${withinCandidate.total} good-bad pairs of the same candidate)`,
    }),
    '',
    ...renderHistogram(report.histogram).map((l, i) => (i === 0 ? 'Histogram of system scores' : l)),
  ];
  const gateText = gateLines(report.gates);
  if (gateText.length > 0) lines.push('', ...gateText);
  return lines.join('\n') + '\n';
}
