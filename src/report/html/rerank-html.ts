/** `rerank --format html`: the run's models and settings, a chart and a sortable table of skills per job title. */
import type { JobRanking, RerankSummary } from '../../rerank/pipeline.js';
import type { Skill } from '../../rerank/skills.js';
import { rankedSkill } from '../rerank.js';
import { cellNumber, escapeHtml } from './html-text.js';
import { figure, metaList, renderPage, sortableTable, type Column } from './page.js';

/** Skills listed per job title in the page (a full ranking of 14,000 would make it unreadable). */
export const HTML_SKILLS_PER_JOB = 50;
/** Job titles that get their own bar chart; the rest get the table only. */
export const HTML_CHARTED_JOBS = 50;
/** Bars per job chart. */
const BARS = 15;

/**
 * The whole run as one self-contained page.
 *
 * @example
 * renderRerankHtml(summary, rankings, skills) // '<!doctype html>…'
 */
export function renderRerankHtml(summary: RerankSummary, rankings: readonly JobRanking[], skills: readonly Skill[]): string {
  const charts: Record<string, unknown> = {};
  const sections = [summarySection(summary, rankings.length, skills.length)];
  const classes = summary.reranker?.labels;
  if (classes !== undefined) {
    charts['classes'] = classChart(summary, rankings, classes);
    sections.push(`<h2>Predicted classes</h2>${figure('classes', `Predicted class of the ${summary.candidates} reranked skills of each job title, counted over all ${rankings.length} titles.`)}`);
  }
  const toc = rankings.length <= 300 ? `<nav class="toc">${rankings.map((r, i) => `<a href="#job-${i + 1}">${escapeHtml(r.job.title)}</a>`).join(' ')}</nav>` : '';
  sections.push(`<h2>Skills per job title</h2>${toc}`);
  rankings.forEach((ranking, i) => {
    const rows = Array.from({ length: Math.min(ranking.skillIndex.length, HTML_SKILLS_PER_JOB) }, (_, k) => rankedSkill(ranking, k, skills, summary));
    let chart = '';
    if (i < HTML_CHARTED_JOBS) {
      const id = `job-${i + 1}`;
      charts[id] = {
        type: 'bars',
        x: summary.reranker === undefined ? 'cosine' : 'blended score',
        bars: rows.slice(0, BARS).map((r) => ({ name: `${r.rank}. ${r.label}`, value: r.score, group: r.predicted ?? 'bi-encoder' })),
        colors: classes === undefined ? undefined : [...classes],
      };
      chart = figure(id, `Top ${Math.min(BARS, rows.length)} skills by final score${classes === undefined ? '' : ', coloured by predicted class'}.`);
    }
    const more = ranking.skillIndex.length > rows.length ? `<p class="note">First ${rows.length} of ${ranking.skillIndex.length} listed skills shown; the json, jsonl, csv and trec outputs have all of them.</p>` : '';
    sections.push(`<section id="job-${i + 1}"><h3>${escapeHtml(ranking.job.title)} <span class="muted">(${escapeHtml(ranking.job.id)})</span></h3>${chart}${skillTable(rows, summary)}${more}</section>`);
  });
  return renderPage({ title: 'resumator rerank report', sections, charts });
}

function summarySection(s: RerankSummary, jobs: number, skills: number): string {
  const stage2 = s.reranker === undefined ? 'skipped (no --reranker): ranked by bi-encoder cosine' : `${s.reranker.name} (${s.reranker.labels.join(' / ')}), top ${s.candidates}, alpha ${s.alpha}, ce-score ${s.reranker.ceScore}`;
  return `<h2>Summary</h2>${metaList([
    ['Job titles x skills', `${jobs} x ${skills}`],
    ['Stage 1 (retriever)', `${s.retriever.name} (dim ${s.retriever.dim}), ${s.search} search, skill text: ${s.skillText}`],
    ['Stage 2 (reranker)', stage2],
    ['Full ranking', s.fullRanking ? 'yes: every skill listed' : 'no'],
    ['Truncated', `${s.truncated.skills} skill texts, ${s.truncated.jobs} titles, ${s.truncated.pairs} pairs`],
  ])}`;
}

function classChart(s: RerankSummary, rankings: readonly JobRanking[], labels: readonly string[]): unknown {
  const counts = labels.map(() => 0);
  for (const r of rankings) for (let i = 0; i < r.reranked; i++) counts[r.predicted?.[i] ?? 0]! += 1;
  return { type: 'bars', x: `skills (of ${s.candidates} per title)`, bars: labels.map((l, c) => ({ name: l, value: counts[c] ?? 0, group: l })), colors: [...labels] };
}

function skillTable(rows: ReturnType<typeof rankedSkill>[], s: RerankSummary): string {
  const staged = s.reranker !== undefined;
  const columns: Column[] = [
    { name: 'rank', numeric: true },
    { name: 'skill' },
    { name: 'score', numeric: true },
    { name: 'bi-encoder', numeric: true },
    ...(staged ? [{ name: 'cross-encoder', numeric: true }, { name: 'class' }] : []),
  ];
  return sortableTable(
    columns,
    rows.map((r) => [
      { html: String(r.rank), sort: r.rank },
      { html: `${escapeHtml(r.label)} <span class="muted">${escapeHtml(r.skillId)}</span>`, sort: r.label },
      { html: cellNumber(r.score, 4), sort: r.score },
      { html: cellNumber(r.biScore, 4), sort: r.biScore },
      ...(staged ? [{ html: cellNumber(r.ceScore, 4), sort: r.ceScore ?? '' }, { html: escapeHtml(r.predicted ?? '') }] : []),
    ]),
  );
}
