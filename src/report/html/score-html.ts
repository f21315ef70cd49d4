/** `score --format html`: summary, distribution, heatmap, and per group the top matches with their explanations. */
import type { LabelThresholds } from '../labels.js';
import type { Match, ScoreReport } from '../score/score-report.js';
import { jobSkillsHtml, matchDetailsHtml } from './explain-html.js';
import type { HeatmapData } from './heatmap-sample.js';
import { cellNumber, escapeHtml } from './html-text.js';
import { figure, metaList, renderPage, sortableTable, type Cell, type Column } from './page.js';

/** What the page shows beyond the report itself. */
export interface ScoreHtmlContext {
  candidateIds: readonly string[];
  jobIds: readonly string[];
  jobTitles: ReadonlyMap<string, string>;
  top: number;
  thresholds: LabelThresholds;
  heatmap?: HeatmapData;
}

/**
 * The whole score report as one self-contained HTML page.
 *
 * @example
 * await writeFile('report.html', renderScoreHtml(report, context));
 */
export function renderScoreHtml(report: ScoreReport, context: ScoreHtmlContext): string {
  const charts: Record<string, unknown> = { histogram: histogramChart(report) };
  const sections = [summary(report, context), distribution(report)];
  if (context.heatmap !== undefined && context.heatmap.rows.length > 0) {
    charts['heatmap'] = heatmapChart(context.heatmap, context);
    sections.push(heatmapSection(context.heatmap));
  }
  sections.push(groups(report, context));
  return renderPage({ title: 'resumator score report', sections, charts });
}

function summary(report: ScoreReport, c: ScoreHtmlContext): string {
  const rows: Array<[string, string]> = [
    ['Model', `${report.model} (dim ${report.dim})`],
    ['Candidates x jobs', `${c.candidateIds.length} x ${c.jobIds.length} = ${report.stats.count} scores`],
    ['Matches shown', `${report.matches.length}: top ${c.top} per ${report.per}`],
    ['Labels', `good >= ${c.thresholds.good}, bad <= ${c.thresholds.bad}, else mid`],
    ['Truncated texts', `${report.truncated.candidates} candidates, ${report.truncated.jobs} jobs (cut to the model's max_seq_length; scores see only their start)`],
  ];
  if (report.selectThreshold !== undefined) rows.push(['Decisions', `SELECTED when score >= ${report.selectThreshold}`]);
  const e = report.explain?.settings;
  if (e !== undefined) {
    rows.push(['Skills', `${e.skillsFile}: ${e.skills} skills, ${e.patterns} patterns`]);
    rows.push(['Title skills', e.titleSkills === 0 || e.retriever === null ? 'off (description matching only)' : `top ${e.titleSkills} per job title, retriever ${e.retriever}, reranker ${e.reranker ?? 'none (all contextual)'}`]);
  }
  return `<h2>Summary</h2>${metaList(rows)}`;
}

function distribution(report: ScoreReport): string {
  const s = report.stats;
  const cols: Column[] = ['count', 'mean', 'std', 'min', 'q1', 'median', 'q3', 'max', 'iqr'].map((name) => ({ name, numeric: true }));
  const values = [String(s.count), ...[s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max, s.iqr].map((v) => cellNumber(v))];
  return `<h2>Score distribution</h2><p class="note">Over all candidate x job scores, not only the matches shown.</p>${sortableTable(cols, [values.map((html) => ({ html }))], { sortable: false })}${figure('histogram', 'Histogram of all scores (the below-zero bin is drawn from -0.1 to 0).')}`;
}

function histogramChart(report: ScoreReport): unknown {
  const bins = report.histogram.map((b) => ({ from: b.to <= 0 ? -0.1 : b.from, to: b.to, count: b.count, name: b.to <= 0 ? '< 0' : `${b.from.toFixed(1)}-${b.to.toFixed(1)}` }));
  return { type: 'histogram', bins, x: 'cosine score', y: 'pairs' };
}

function heatmapSection(h: HeatmapData): string {
  const rows = h.rows.length < h.totalRows ? `the ${h.rows.length} candidates with the highest best score, of ${h.totalRows}` : `all ${h.totalRows} candidates`;
  const cols = h.cols.length < h.totalCols ? `${h.cols.length} evenly spaced jobs of ${h.totalCols}` : `all ${h.totalCols} jobs`;
  return `<h2>Candidates x jobs</h2>${figure('heatmap', `Rows: ${rows}, grouped by their best job and ordered by score within it. Columns: ${cols}, in input order.`)}`;
}

function heatmapChart(h: HeatmapData, c: ScoreHtmlContext): unknown {
  return {
    type: 'heatmap',
    rows: h.rows.map((i) => c.candidateIds[i]),
    cols: h.cols.map((j) => c.jobIds[j]),
    values: Array.from(h.values, (v) => Math.round(v * 1000) / 1000),
    x: 'job',
    y: 'candidate',
  };
}

function groups(report: ScoreReport, c: ScoreHtmlContext): string {
  const perJob = report.per === 'job';
  const byGroup = new Map<string, Match[]>();
  for (const m of report.matches) {
    const key = perJob ? m.job : m.candidate;
    const group = byGroup.get(key);
    if (group === undefined) byGroup.set(key, [m]);
    else group.push(m);
  }
  if (byGroup.size === 0) return '<h2>Top matches</h2><p>No matches.</p>';
  const explained = report.explain !== undefined;
  const decided = report.selectThreshold !== undefined;
  const columns: Column[] = [
    { name: 'rank', numeric: true },
    { name: perJob ? 'candidate' : 'job' },
    { name: 'score', numeric: true },
    { name: 'label' },
    ...(decided ? [{ name: 'decision' }] : []),
    ...(explained ? [{ name: 'coverage', numeric: true }, { name: 'matched', numeric: true }, { name: 'missing', numeric: true }] : []),
  ];
  const skillsOf = new Map((report.explain?.jobs ?? []).map((j) => [j.job, j.skills]));
  const sections = [...byGroup].map(([key, matches], g) => {
    const title = perJob ? c.jobTitles.get(key) : undefined;
    const heading = `${perJob ? 'Job' : 'Candidate'} ${escapeHtml(key)}${title === undefined ? '' : ` &middot; ${escapeHtml(title)}`}`;
    const rows = matches.map((m) => matchRow(m, perJob, decided));
    const jobSkills = perJob && report.explain !== undefined ? jobSkillsHtml(skillsOf.get(key) ?? []) : '';
    const details = matches
      .filter((m) => m.explanation !== undefined)
      .map((m, i) => matchDetailsHtml(`#${m.rank} ${escapeHtml(perJob ? m.candidate : m.job)} &middot; score ${cellNumber(m.score)}`, m.explanation!, report.explain?.resumes.get(m.candidate), i === 0))
      .join('\n');
    return `<section id="group-${g + 1}"><h3>${heading}</h3>${jobSkills}${sortableTable(columns, rows)}${details}</section>`;
  });
  const toc = byGroup.size <= 300 ? `<nav class="toc">${[...byGroup.keys()].map((k, g) => `<a href="#group-${g + 1}">${escapeHtml(k)}</a>`).join(' ')}</nav>` : '';
  return `<h2>Top matches per ${perJob ? 'job' : 'candidate'}</h2>${toc}${sections.join('\n')}`;
}

function matchRow(m: Match, perJob: boolean, decided: boolean): Cell[] {
  const cells: Cell[] = [
    { html: String(m.rank), sort: m.rank },
    { html: escapeHtml(perJob ? m.candidate : m.job) },
    { html: cellNumber(m.score), sort: m.score },
    { html: `<span class="label-${m.label}">${m.label}</span>` },
  ];
  if (decided) cells.push({ html: m.decision ?? '' });
  const e = m.explanation;
  if (e !== undefined) {
    cells.push({ html: cellNumber(e.coverage), sort: e.coverage ?? '' }, { html: String(e.matched.length), sort: e.matched.length }, { html: String(e.missing.length), sort: e.missing.length });
  }
  return cells;
}
