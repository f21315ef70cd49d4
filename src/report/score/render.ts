import { renderCsv } from './csv.js';
import { renderJson, renderJsonl } from './json.js';
import { renderTable } from './table.js';
import type { ScoreReport } from './score-report.js';

export type OutputFormat = 'table' | 'csv' | 'jsonl' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'jsonl', 'json'];

/** The whole report in one output format (see docs/output.md). */
export function renderReport(report: ScoreReport, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'csv':
      return renderCsv(report);
    case 'jsonl':
      return renderJsonl(report);
    case 'json':
      return renderJson(report);
  }
}
