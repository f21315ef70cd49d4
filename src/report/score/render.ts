import { renderCsv } from './csv.js';
import { renderJson, renderJsonl } from './json.js';
import { renderTable } from './table.js';
import type { ScoreReport } from './score-report.js';
import { renderScoreHtml, type ScoreHtmlContext } from '../html/score-html.js';

export type OutputFormat = 'table' | 'csv' | 'jsonl' | 'json' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'jsonl', 'json', 'html'];

/** The whole report in one output format (see docs/output.md); html needs what the page shows beyond the report. */
export function renderReport(report: ScoreReport, format: OutputFormat, html?: ScoreHtmlContext): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'csv':
      return renderCsv(report);
    case 'jsonl':
      return renderJsonl(report);
    case 'json':
      return renderJson(report);
    case 'html':
      if (html === undefined) throw new Error('renderReport: the html format needs its context (ids, titles, settings)');
      return renderScoreHtml(report, html);
  }
}
