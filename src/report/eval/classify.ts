/** `eval classify` report: the JSON object (documented in docs/eval.md) and the table. */
import { flatClassificationMetrics, type Calibration, type ClassificationMetrics } from '../../metrics/classification.js';
import type { GateResult } from '../../eval/gates.js';
import { jsonNumber } from '../round-score.js';
import { gateLines, jsonGates, jsonMetrics, jsonText, metricLines, tableNumber, type EvalFormat } from './eval-output.js';

export interface ClassifyReport {
  file: string;
  count: number;
  /** The score threshold that made the decisions (given or calibrated); null: the file's decisions. */
  threshold: number | null;
  calibration: (Calibration & { minPrecision: number }) | null;
  metrics: ClassificationMetrics;
  gates: GateResult[];
  /** With --gold: the gold file and the pairs only one of the two files has. */
  gold?: { file: string; unmatched: { system: number; gold: number } };
}

/** The report as pretty JSON (keys in the documented order) or as a table with the confusion matrix. */
export function renderClassifyReport(report: ClassifyReport, format: EvalFormat): string {
  const m = report.metrics;
  const c = m.confusion;
  if (format === 'json') {
    const cal = report.calibration;
    return jsonText({
      eval: 'classify',
      file: report.file,
      count: report.count,
      threshold: report.threshold,
      calibration:
        cal === null
          ? null
          : { min_precision: cal.minPrecision, threshold: cal.threshold, precision: jsonNumber(cal.precision), recall: jsonNumber(cal.recall), selected: cal.selected },
      metrics: jsonMetrics(flatClassificationMetrics(m)),
      support: { selected: m.selected.support, rejected: m.rejected.support },
      confusion: {
        selected: { selected: c.selectedAsSelected, rejected: c.selectedAsRejected },
        rejected: { selected: c.rejectedAsSelected, rejected: c.rejectedAsRejected },
      },
      gates: jsonGates(report.gates),
      ...(report.gold === undefined ? {} : { gold: { file: report.gold.file, unmatched_system: report.gold.unmatched.system, unmatched_gold: report.gold.unmatched.gold } }),
    });
  }
  const how = report.threshold === null ? 'decisions from the file' : `SELECTED when score >= ${report.threshold}`;
  const lines = [`Classification: ${report.count} items from ${report.file}, ${how}`, ''];
  if (report.gold !== undefined) {
    const u = report.gold.unmatched;
    lines.splice(1, 0, `  gold decisions from ${report.gold.file} (by candidate and job; ${u.system} decided pairs without gold, ${u.gold} gold pairs not decided)`);
  }
  if (report.calibration !== null) {
    const cal = report.calibration;
    lines.push(
      `Calibrated threshold: ${cal.threshold} (highest SELECTED recall with SELECTED precision >= ${cal.minPrecision})`,
      `  selects ${cal.selected}: precision ${tableNumber(cal.precision)}, recall ${tableNumber(cal.recall)}`,
      `  use it with: resumator score --select-threshold ${cal.threshold}`,
      '',
    );
  }
  lines.push('Metrics', ...metricLines(flatClassificationMetrics(m)), '');
  const w = Math.max(8, String(Math.max(c.selectedAsSelected, c.selectedAsRejected, c.rejectedAsSelected, c.rejectedAsRejected)).length);
  lines.push(
    'Confusion matrix (rows: gold, columns: predicted)',
    `  ${''.padEnd(8)}  ${'SELECTED'.padStart(w)}  ${'REJECTED'.padStart(w)}`,
    `  ${'SELECTED'.padEnd(8)}  ${String(c.selectedAsSelected).padStart(w)}  ${String(c.selectedAsRejected).padStart(w)}`,
    `  ${'REJECTED'.padEnd(8)}  ${String(c.rejectedAsSelected).padStart(w)}  ${String(c.rejectedAsRejected).padStart(w)}`,
  );
  const gateText = gateLines(report.gates);
  if (gateText.length > 0) lines.push('', ...gateText);
  return lines.join('\n') + '\n';
}
