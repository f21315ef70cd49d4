/** Human-readable report for a terminal: ranked groups, distribution stats, histogram. */
import type { HistogramBin, Match, ScoreReport, ScoreStats, StoreSearchSummary } from './score-report.js';
import { explanationLines, jobSkillLines } from './table-explain.js';

/** Widest histogram bar, in characters. */
export const HISTOGRAM_BAR_WIDTH = 40;

/**
 * Renders a report as plain text (no colours, so it also reads well when piped to a file).
 * Groups appear in the order of their first match; rows within a group by rank.
 *
 * @example
 * process.stdout.write(renderTable(report));
 * // Job: backend-eng
 * //   rank  candidate  score  label
 * //      1  alice      0.812  good
 */
export function renderTable(report: ScoreReport): string {
  const lines: string[] = [`Model: ${displayText(report.model)} (dim ${report.dim})`, ''];
  if (report.selectThreshold !== undefined) lines.splice(1, 0, `Decisions: SELECTED when score >= ${report.selectThreshold}`);
  if (report.store !== undefined) lines.splice(1, 0, storeLine(report.store, report.per));
  lines.push(...renderGroups(report), '');
  lines.push(...renderStats(report.stats, report.store !== undefined), '');
  lines.push(...renderHistogram(report.histogram));
  const note = truncationNote(report.truncated);
  if (note !== undefined) lines.push('', note);
  return lines.join('\n') + '\n';
}

function renderGroups(report: ScoreReport): string[] {
  if (report.matches.length === 0) return ['No matches.'];
  const perJob = report.per === 'job';
  const groups = new Map<string, Match[]>();
  for (const m of report.matches) {
    const key = perJob ? m.job : m.candidate;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [m]);
    else group.push(m);
  }
  // One width for all groups, so the columns line up down the whole report.
  const itemHeader = perJob ? 'candidate' : 'job';
  const items = report.matches.map((m) => displayText(perJob ? m.candidate : m.job));
  const itemWidth = maxLength(items, itemHeader.length);
  const rankWidth = maxLength(report.matches.map((m) => String(m.rank)), 4);
  const scoreWidth = maxLength(report.matches.map((m) => m.score.toFixed(3)), 5);
  const decided = report.selectThreshold !== undefined;
  const row = (rank: string, item: string, score: string, label: string, decision = ''): string =>
    `  ${rank.padStart(rankWidth)}  ${item.padEnd(itemWidth)}  ${score.padStart(scoreWidth)}  ${decided ? `${label.padEnd(5)}  ${decision}` : label}`.trimEnd();

  const lines: string[] = [];
  for (const [key, matches] of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(`${perJob ? 'Job' : 'Candidate'}: ${displayText(key)}`);
    if (perJob && report.explain !== undefined) lines.push(...jobSkillLines(report.explain, key, displayText));
    lines.push(row('rank', itemHeader, 'score', 'label', 'decision'));
    for (const m of [...matches].sort((x, y) => x.rank - y.rank)) {
      const item = displayText(perJob ? m.candidate : m.job);
      lines.push(row(String(m.rank), item, m.score.toFixed(3), m.label, m.decision));
      if (m.explanation !== undefined) lines.push(...explanationLines(m.explanation, displayText));
    }
  }
  return lines;
}

/** `score --store`: where the ranking ran, and the HNSW recall when measured. */
function storeLine(s: StoreSearchSummary, per: ScoreReport['per']): string {
  if (s.search === 'exact') return 'Ranked inside PostgreSQL: exact search';
  const recall = s.recall === undefined ? '' : `, recall@${s.k} ${s.recall.value.toFixed(3)} against exact search on ${s.recall.groups} ${per === 'job' ? 'jobs' : 'candidates'}`;
  return `Ranked inside PostgreSQL: HNSW index (ef_search ${s.efSearch ?? '?'})${recall}`;
}

function renderStats(stats: ScoreStats, matchesOnly = false): string[] {
  const cell = (name: string, value: number): string => `${name.padEnd(7)}${value.toFixed(3).padStart(7)}`;
  const noun = stats.count === 1 ? 'score' : 'scores';
  const heading = matchesOnly
    ? `Score distribution (the ${stats.count} kept ${stats.count === 1 ? 'match' : 'matches'} only: --store does not compute every candidate-job score)`
    : `Score distribution (all ${stats.count} candidate-job ${noun})`;
  return [
    heading,
    `  ${cell('mean', stats.mean)}    ${cell('std', stats.std)}`,
    `  ${cell('min', stats.min)}    ${cell('max', stats.max)}`,
    `  ${cell('q1', stats.q1)}    ${cell('median', stats.median)}    ${cell('q3', stats.q3)}`,
    `  ${cell('iqr', stats.iqr)}`,
  ];
}

/** One line per bin: range | bar scaled to the largest bin | count (percent). */
export function renderHistogram(bins: readonly HistogramBin[]): string[] {
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  const largest = Math.max(0, ...bins.map((b) => b.count));
  const labels = bins.map(binLabel);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const countWidth = Math.max(4, ...bins.map((b) => String(b.count).length));
  const lines = ['Histogram'];
  bins.forEach((bin, i) => {
    // A non-empty bin always shows at least one '#', so small counts stay visible.
    const bar = largest === 0 ? 0 : Math.max(bin.count > 0 ? 1 : 0, Math.round((bin.count / largest) * HISTOGRAM_BAR_WIDTH));
    const pct = total === 0 ? 0 : (bin.count / total) * 100;
    lines.push(
      `  ${labels[i]!.padStart(labelWidth)} | ${'#'.repeat(bar).padEnd(HISTOGRAM_BAR_WIDTH)} | ` +
        `${String(bin.count).padStart(countWidth)} (${pct.toFixed(1).padStart(5)}%)`,
    );
  });
  return lines;
}

/** `0.6-0.7`; the below-zero bin reads `<0` rather than `-1.0-0.0`. */
function binLabel(bin: HistogramBin): string {
  if (bin.to <= 0) return `<${bin.to === 0 ? '0' : bin.to.toFixed(1)}`;
  return `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}`;
}

/** Longest string length, at least `floor`; a loop because spreading 1M matches overflows the stack. */
function maxLength(texts: readonly string[], floor: number): number {
  let width = floor;
  for (const t of texts) if (t.length > width) width = t.length;
  return width;
}

function truncationNote(truncated: ScoreReport['truncated']): string | undefined {
  const parts: string[] = [];
  if (truncated.candidates > 0) parts.push(plural(truncated.candidates, 'candidate text'));
  if (truncated.jobs > 0) parts.push(plural(truncated.jobs, 'job text'));
  if (parts.length === 0) return undefined;
  const verb = truncated.candidates + truncated.jobs === 1 ? 'was' : 'were';
  return `Note: ${parts.join(' and ')} ${verb} truncated to the model's maximum sequence length; scores see only the start of a truncated text.`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Ids come from user files: escape control characters so they cannot break lines or drive the terminal. */
function displayText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
