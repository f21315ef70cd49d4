/**
 * Matches as CSV for spreadsheets and scripts. Quoting (RFC 4180: fields with a comma, quote,
 * CR or LF are quoted, quotes doubled) and formula neutralisation come from csv-stringify.
 */
import { stringify } from 'csv-stringify/sync';
import type { MatchExplanation } from '../../explain/explanation.js';
import type { ScoreReport } from './score-report.js';

/** Column order of {@link renderCsv}; the same for `--per job` and `--per candidate`. */
export const CSV_COLUMNS = ['job', 'candidate', 'rank', 'score', 'label'] as const;

/**
 * Ids and text come from user files, so a cell like `=HYPERLINK(...)` would run as a formula
 * when the CSV is opened in a spreadsheet (OWASP "CSV injection"). csv-stringify's
 * `escape_formulas` prefixes a single quote to STRING cells starting with = + - @ tab or CR
 * (and their full-width forms); number cells are left alone, so negative scores stay numeric.
 */
// quote_record_delimiter: without it, giving record_delimiter stops csv-stringify quoting a lone CR.
const OPTIONS = { escape_formulas: true, record_delimiter: 'unix', quote_record_delimiter: true, eof: true } as const;

/**
 * One CSV cell for a user-supplied string: formula-neutralised, then quoted if needed.
 *
 * @example
 * escapeCsvCell('=cmd')      // "'=cmd"
 * escapeCsvCell('Doe, Jane') // '"Doe, Jane"'
 */
export function escapeCsvCell(value: string): string {
  return stringify([[value]], { ...OPTIONS, eof: false });
}

/**
 * Header row plus one row per match, in report order, `\n` line endings. Scores are rounded
 * to 6 decimals (see round-score.ts); rank and score are written as plain numbers.
 *
 * @example
 * renderCsv(report)
 * // job,candidate,rank,score,label
 * // backend,alice,1,0.812345,good
 */
export function renderCsv(report: ScoreReport): string {
  // --select-threshold adds a trailing decision column; without it the columns never change.
  const decided = report.selectThreshold !== undefined;
  // --explain adds coverage and the matched/missing skill labels ("; "-separated) after them.
  const explained = report.explain !== undefined;
  const rows = report.matches.map((m) => {
    const row: Array<string | number> = [m.job, m.candidate, m.rank, m.score, m.label];
    if (decided) row.push(m.decision ?? '');
    if (explained) row.push(...explanationCells(m.explanation));
    return row;
  });
  const header: string[] = [...CSV_COLUMNS, ...(decided ? ['decision'] : []), ...(explained ? EXPLAIN_CSV_COLUMNS : [])];
  return stringify([header, ...rows], OPTIONS);
}

/** Columns `--explain` appends. */
export const EXPLAIN_CSV_COLUMNS = ['coverage', 'matched_skills', 'missing_skills'];

function explanationCells(e: MatchExplanation | undefined): Array<string | number> {
  if (e === undefined) return ['', '', ''];
  return [e.coverage === null ? '' : e.coverage, e.matched.map((s) => s.label).join('; '), e.missing.map((s) => s.label).join('; ')];
}
