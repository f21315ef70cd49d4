/**
 * `eval … --format html`: the metric table and gates of every eval subcommand, plus its
 * pictures: for pairs the system score against the gold label (scatter) and the score
 * histogram; for ranking and rerank the per-query distribution of each metric (box plots) and
 * a sortable per-query table; for classify the confusion matrix and per-class bars.
 */
import type { GateResult } from '../../eval/gates.js';
import type { RankingEvaluation } from '../../metrics/ranking-evaluation.js';
import type { ClassifyReport } from '../eval/classify.js';
import type { PairsReport } from '../eval/pairs.js';
import type { RerankEvalReport } from '../eval/rerank.js';
import { flatClassificationMetrics } from '../../metrics/classification.js';
import { cellNumber, escapeHtml } from './html-text.js';
import { figure, metaList, renderPage, sortableTable, type Column } from './page.js';

/** Scatter points drawn at most (evenly sampled beyond, and said so). */
export const MAX_SCATTER_POINTS = 5000;

/** @example renderPairsHtml(report) // '<!doctype html>…' */
export function renderPairsHtml(report: PairsReport): string {
  const e = report.evaluation;
  const system = 'model' in report.system ? `model ${report.system.model} (dim ${report.system.dim})` : `scores ${report.system.scores}`;
  const charts: Record<string, unknown> = {
    histogram: { type: 'histogram', x: 'system score', y: 'pairs', bins: report.histogram.map((b) => ({ from: b.to <= 0 ? -0.1 : b.from, to: b.to, count: b.count, name: `${b.from}..${b.to}` })) },
  };
  const sections = [
    `<h2>Summary</h2>${metaList([
      ['Pairs', `${report.count} from ${report.pairsFile}`],
      ['System', system],
      ['Gold bands', `good >= ${report.bands.good}: ${e.counts.good}, mid: ${e.counts.mid}, bad <= ${report.bands.bad}: ${e.counts.bad}`],
      ['Ranking accuracy pairs', `${e.comparisons.all.correct} / ${e.comparisons.all.total} good-bad pairs; within a candidate ${e.comparisons.withinCandidate.correct} / ${e.comparisons.withinCandidate.total}`],
    ])}`,
    metricsSection(e.metrics, report.gates),
  ];
  const points = report.points;
  if (points !== undefined && points.gold.length > 0) {
    const step = Math.max(1, Math.ceil(points.gold.length / MAX_SCATTER_POINTS));
    const shown: Array<{ x: number; y: number; title: string }> = [];
    for (let i = 0; i < points.gold.length; i += step) shown.push({ x: points.gold[i] as number, y: round(points.scores[i] as number), title: `${points.candidates[i]} x ${points.jobs[i]}: gold ${points.gold[i]}, score ${cellNumber(points.scores[i])}` });
    charts['scatter'] = { type: 'scatter', x: 'gold label', y: 'system score', points: shown };
    const note = step > 1 ? `every ${step}th of ${points.gold.length} pairs` : `all ${points.gold.length} pairs`;
    sections.push(`<h2>Score against label</h2>${figure('scatter', `System score against the gold label, ${note}, with the least-squares line.`)}`);
  }
  sections.push(`<h2>System scores</h2>${figure('histogram', 'Histogram of the system scores (the below-zero bin drawn from -0.1 to 0).')}`);
  return renderPage({ title: 'resumator eval pairs report', sections, charts });
}

/** @example renderClassifyHtml(report) */
export function renderClassifyHtml(report: ClassifyReport): string {
  const m = report.metrics;
  const c = m.confusion;
  const how = report.threshold === null ? 'decisions from the file' : `SELECTED when score >= ${report.threshold}`;
  const rows: Array<[string, string]> = [['Items', `${report.count} from ${report.file}`], ['Decisions', how]];
  if (report.calibration !== null) rows.push(['Calibration', `threshold ${report.calibration.threshold}: the highest SELECTED recall with SELECTED precision >= ${report.calibration.minPrecision}`]);
  const confusion = sortableTable(
    [{ name: 'gold \\ predicted' }, { name: 'SELECTED', numeric: true }, { name: 'REJECTED', numeric: true }],
    [
      [{ html: 'SELECTED' }, { html: String(c.selectedAsSelected) }, { html: String(c.selectedAsRejected) }],
      [{ html: 'REJECTED' }, { html: String(c.rejectedAsSelected) }, { html: String(c.rejectedAsRejected) }],
    ],
    { sortable: false },
  );
  const bars = (['selected', 'rejected'] as const).flatMap((cls) => (['precision', 'recall', 'f1'] as const).map((k) => ({ name: `${cls.toUpperCase()} ${k}`, value: finite(m[cls][k]), group: cls.toUpperCase() })));
  const charts = { classes: { type: 'bars', x: 'value', bars, colors: ['SELECTED', 'REJECTED'] } };
  const sections = [
    `<h2>Summary</h2>${metaList(rows)}`,
    metricsSection(flatClassificationMetrics(m), report.gates),
    `<h2>Confusion matrix</h2>${confusion}`,
    `<h2>Per class</h2>${figure('classes', 'Precision, recall and F1 of each decision (undefined values drawn as 0).')}`,
  ];
  return renderPage({ title: 'resumator eval classify report', sections, charts });
}

/** `eval ranking`: a run against qrels. */
export function renderRankingHtml(files: { qrels: string; run: string; tags: readonly string[] }, evaluation: RankingEvaluation, gates: readonly GateResult[]): string {
  const summary = metaList([
    ['Run', `${files.run}${files.tags.length > 0 ? ` (tag ${files.tags.join(', ')})` : ''}`],
    ['Qrels', files.qrels],
    ...countRows(evaluation),
  ]);
  const charts = { perQuery: boxChart([['', evaluation]]) };
  const sections = [`<h2>Summary</h2>${summary}`, metricsSection(evaluation.mean, gates), perQuerySection(evaluation, 'Per-query distribution of each metric.')];
  return renderPage({ title: 'resumator eval ranking report', sections, charts });
}

/** `eval rerank`: stage 1 beside the blend, the alpha sweep, per-query distributions. */
export function renderRerankEvalHtml(report: RerankEvalReport): string {
  const s = report.summary;
  const final = report.blend ?? report.stage1;
  const summary = metaList([
    ['Queries x skills', `${final.counts.queries} (${report.files.queries}) x ${report.skills} (${report.files.skills})`],
    ['Qrels', `${report.files.qrels} (${report.qrelsQueriesNotRun} of its queries not in the queries file, left out)`],
    ['Stage 1', `${s.retriever.name} (dim ${s.retriever.dim}), top ${s.candidates}${s.fullRanking ? ', then every other skill' : ' only'}`],
    ['Stage 2', s.reranker === undefined ? 'none (no --reranker)' : `${s.reranker.name}, ${s.reranker.ceScore}, alpha ${s.alpha}`],
    ...countRows(final),
  ]);
  const names = Object.keys(final.mean);
  const columns: Column[] = [{ name: 'metric' }, { name: 'stage 1', numeric: true }, ...(report.blend === undefined ? [] : [{ name: `blend a=${s.alpha}`, numeric: true }, { name: 'change', numeric: true }])];
  const table = sortableTable(
    columns,
    names.map((n) => {
      const a = report.stage1.mean[n] as number;
      const b = report.blend?.mean[n];
      return [{ html: escapeHtml(n) }, { html: cellNumber(a, 4), sort: a }, ...(b === undefined ? [] : [{ html: cellNumber(b, 4), sort: b }, { html: cellNumber(b - a, 4), sort: b - a }])];
    }),
  );
  const systems: Array<[string, RankingEvaluation]> = [['stage 1', report.stage1], ...(report.blend === undefined ? [] : [['blend', report.blend] as [string, RankingEvaluation]])];
  const charts: Record<string, unknown> = { perQuery: boxChart(systems) };
  const sections = [`<h2>Summary</h2>${summary}`, `<h2>Metrics</h2>${table}${gatesTable(report.gates)}`];
  if (report.sweep !== undefined && report.sweep.length > 0) {
    charts['sweep'] = { type: 'bars', x: 'nDCG', bars: report.sweep.map((p) => ({ name: `alpha ${p.alpha}`, value: finite(p.metrics['ndcg'] ?? NaN) })) };
    sections.push(`<h2>Alpha sweep</h2>${figure('sweep', 'Graded nDCG of the blend for each alpha (1 = stage 1 order within the top K).')}`);
  }
  sections.push(perQuerySection(final, `Per-query distribution of each metric, ${systems.map(([n]) => n).join(' and ')}.`));
  return renderPage({ title: 'resumator eval rerank report', sections, charts });
}

function metricsSection(metrics: Readonly<Record<string, number>>, gates: readonly GateResult[]): string {
  const rows = Object.entries(metrics).map(([name, value]) => [{ html: escapeHtml(name) }, { html: Number.isFinite(value) ? value.toFixed(4) : 'undefined', sort: Number.isFinite(value) ? value : '' }]);
  return `<h2>Metrics</h2>${sortableTable([{ name: 'metric' }, { name: 'value', numeric: true }], rows)}${gatesTable(gates)}`;
}

function gatesTable(gates: readonly GateResult[]): string {
  if (gates.length === 0) return '';
  const rows = gates.map((g) => [{ html: g.passed ? '<span class="label-good">PASS</span>' : '<span class="label-bad">FAIL</span>' }, { html: escapeHtml(g.metric) }, { html: cellNumber(g.value, 4) }, { html: escapeHtml(String(g.min)) }]);
  return `<h3>Gates</h3>${sortableTable([{ name: 'result' }, { name: 'metric' }, { name: 'value', numeric: true }, { name: 'minimum', numeric: true }], rows, { sortable: false })}`;
}

function countRows(e: RankingEvaluation): Array<[string, string]> {
  const c = e.counts;
  return [['Counts', `${c.queries} queries; ${c.queriesMissingFromRun} missing from the run (scored 0), ${c.queriesWithoutRelevant} without a relevant judgement, ${c.runQueriesNotInQrels} run queries not in the qrels, ${c.unjudgedRetrieved} retrieved documents without a judgement`]];
}

/**
 * Box plots of the per-query values, one row per metric (and system): the whole-list metrics
 * and nDCG / P at the first cutoff (the table below has every metric).
 */
function boxChart(systems: ReadonlyArray<readonly [string, RankingEvaluation]>): unknown {
  const metrics: string[] = [];
  const values: Array<{ metric: string; value: number }> = [];
  for (const [system, evaluation] of systems) {
    const k = evaluation.cutoffs[0];
    const charted = ['ndcg', 'ndcg_binary', 'map', 'mrr', ...(k === undefined ? [] : [`ndcg@${k}`, `p@${k}`])].filter((n) => n in evaluation.mean);
    for (const name of charted) {
      const row = system === '' ? name : `${name} (${system})`;
      metrics.push(row);
      for (const q of evaluation.perQuery) {
        const v = q.metrics[name];
        if (v !== undefined && Number.isFinite(v)) values.push({ metric: row, value: round(v) });
      }
    }
  }
  return { type: 'box', x: 'per-query value', metrics, values, domain: [0, 1] };
}

function perQuerySection(e: RankingEvaluation, caption: string): string {
  const names = Object.keys(e.mean);
  const columns: Column[] = [{ name: 'query' }, { name: 'retrieved', numeric: true }, { name: 'relevant', numeric: true }, ...names.map((name) => ({ name, numeric: true }))];
  const rows = e.perQuery.map((q) => [
    { html: escapeHtml(q.query) },
    { html: String(q.retrieved), sort: q.retrieved },
    { html: String(q.relevant), sort: q.relevant },
    ...names.map((n) => ({ html: cellNumber(q.metrics[n], 4), sort: Number.isFinite(q.metrics[n]) ? (q.metrics[n] as number) : '' })),
  ]);
  return `<h2>Per query</h2>${figure('perQuery', `${caption} Box: quartiles and median; whiskers: 1.5 IQR; dots: outliers.`)}${sortableTable(columns, rows)}`;
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
