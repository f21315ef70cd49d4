/**
 * Rendering `resumator screen` results: table, csv and jsonl one job at a time (a run over
 * thousands of pairs never sits in memory as text), json as one document. Keys and columns are
 * documented in docs/screen.md; `eval classify --gold` reads the jsonl, csv and json directly.
 */
import { stringify } from 'csv-stringify/sync';
import type { Decision } from '../metrics/classification.js';

export type ScreenFormat = 'table' | 'csv' | 'jsonl' | 'json';
export const SCREEN_FORMATS: readonly ScreenFormat[] = ['table', 'csv', 'jsonl', 'json'];

export interface ScreenRow {
  job: string;
  candidate: string;
  decision: Decision;
  pSelected: number;
  /** log P(label | prompt) of the selected and the rejected label. */
  logProbs: readonly [number, number];
  promptTokens: number;
  /** The candidate text was cut to fit the prompt limit. */
  truncated: boolean;
  shortlist?: { rank: number; score: number };
  reason?: string;
  finish?: string;
}

/** What was run: known before the first result, so headers can be written. */
export interface ScreenRun {
  model: string;
  prompt: { version: string; sha256: string };
  labels: readonly [string, string];
  threshold: number;
  maxPromptTokens: number;
  /** `--shortlist N` with the bi-encoder that made it; undefined: every pair. */
  shortlist?: { n: number; retriever: string };
  reasons: boolean;
}

export interface ScreenCounts {
  pairs: number;
  selected: number;
  rejected: number;
  truncated: number;
  fromCache: number;
}

const CSV_OPTIONS = { escape_formulas: true, record_delimiter: 'unix', quote_record_delimiter: true, eof: true } as const;

export function screenCsvColumns(run: ScreenRun): string[] {
  return [
    'job', 'candidate', 'decision', 'p_selected', `log_p_${run.labels[0]}`, `log_p_${run.labels[1]}`, 'prompt_tokens', 'truncated',
    ...(run.shortlist === undefined ? [] : ['shortlist_rank', 'shortlist_score']),
    ...(run.reasons ? ['reason'] : []),
  ];
}

/** The text that starts an output (CSV header; the run summary of a table). */
export function renderScreenHeader(format: ScreenFormat, run: ScreenRun): string {
  if (format === 'csv') return stringify([screenCsvColumns(run)], CSV_OPTIONS);
  if (format !== 'table') return '';
  const shortlist = run.shortlist === undefined ? 'every candidate x job pair' : `the top ${run.shortlist.n} candidates per job by ${run.shortlist.retriever}`;
  return `Model: ${run.model}; prompt ${run.prompt.version}; ${run.labels[0]} when P(${run.labels[0]}) >= ${run.threshold}; screened ${shortlist}\n`;
}

/** One job's rows in a streaming format (not json). The table lists them by P(selected), highest first. */
export function renderScreenJob(format: Exclude<ScreenFormat, 'json'>, rows: readonly ScreenRow[], run: ScreenRun): string {
  switch (format) {
    case 'jsonl':
      return rows.map((r) => `${JSON.stringify(rowObject(r, run))}\n`).join('');
    case 'csv':
      return stringify(
        rows.map((r) => [
          r.job, r.candidate, r.decision, r.pSelected, r.logProbs[0], r.logProbs[1], r.promptTokens, r.truncated ? 1 : 0,
          ...(run.shortlist === undefined ? [] : [r.shortlist?.rank ?? '', r.shortlist?.score ?? '']),
          ...(run.reasons ? [r.reason ?? ''] : []),
        ]),
        CSV_OPTIONS,
      );
    case 'table':
      return renderTableJob(rows, run);
  }
}

/** The whole run as one JSON document. */
export function renderScreenJson(run: ScreenRun, counts: ScreenCounts, rows: readonly ScreenRow[]): string {
  const doc = {
    model: run.model,
    prompt: run.prompt,
    labels: run.labels,
    threshold: run.threshold,
    max_prompt_tokens: run.maxPromptTokens,
    shortlist: run.shortlist ?? null,
    counts,
    pairs: rows.map((r) => rowObject(r, run)),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function rowObject(r: ScreenRow, run: ScreenRun): Record<string, unknown> {
  const o: Record<string, unknown> = {
    job: r.job,
    candidate: r.candidate,
    decision: r.decision,
    p_selected: r.pSelected,
    log_p: { [run.labels[0]]: r.logProbs[0], [run.labels[1]]: r.logProbs[1] },
    prompt_tokens: r.promptTokens,
    truncated: r.truncated,
  };
  if (r.shortlist !== undefined) Object.assign(o, { shortlist_rank: r.shortlist.rank, shortlist_score: r.shortlist.score });
  if (r.reason !== undefined) Object.assign(o, { reason: r.reason, reason_finish: r.finish });
  return o;
}

function renderTableJob(rows: readonly ScreenRow[], run: ScreenRun): string {
  const sorted = [...rows].sort((a, b) => b.pSelected - a.pSelected);
  const header = ['candidate', `P(${run.labels[0]})`, 'decision', ...(run.shortlist === undefined ? [] : ['cosine']), ...(run.reasons ? ['reason'] : [])];
  const cells = sorted.map((r) => [
    r.candidate + (r.truncated ? ' *' : ''),
    r.pSelected.toFixed(3),
    r.decision,
    ...(run.shortlist === undefined ? [] : [r.shortlist === undefined ? '' : r.shortlist.score.toFixed(3)]),
    ...(run.reasons ? [r.reason ?? ''] : []),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const line = (row: readonly string[]): string => `  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] as number))).join('  ')}`.trimEnd();
  const note = sorted.some((r) => r.truncated) ? '  * resume cut to fit the prompt limit\n' : '';
  return `\nJob: ${rows[0]?.job ?? ''}\n${line(header)}\n${cells.map(line).join('\n')}\n${note}`;
}
