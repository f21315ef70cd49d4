/** `eval rerank` report: stage 1 and blend side by side, the alpha sweep; JSON and table. */
import type { RankingEvaluation } from '../../metrics/ranking-evaluation.js';
import type { RerankSummary } from '../../rerank/pipeline.js';
import type { GateResult } from '../../eval/gates.js';
import { gateLines, jsonGates, jsonMetrics, jsonText, tableNumber, type EvalFormat } from './eval-output.js';
import { countsJson } from './ranking.js';

export interface RerankEvalReport {
  files: { queries: string; skills: string; qrels: string };
  summary: RerankSummary;
  /** Corpus size. */
  skills: number;
  /** Qrels queries left out because they were not in the queries file. */
  qrelsQueriesNotRun: number;
  stage1: RankingEvaluation;
  /** Undefined without a reranker. */
  blend: RankingEvaluation | undefined;
  sweep: Array<{ alpha: number; metrics: Record<string, number> }> | undefined;
  gates: GateResult[];
}

/** Sweep table columns: the whole-list metrics, then P@k and nDCG@k of the first cutoff. */
function sweepColumns(cutoffs: readonly number[]): string[] {
  const k = cutoffs[0];
  return ['ndcg', 'ndcg_binary', 'map', 'mrr', ...(k === undefined ? [] : [`ndcg@${k}`, `p@${k}`])];
}

/** The report as pretty JSON (keys in the documented order) or as a side-by-side table plus the sweep. */
export function renderRerankEval(report: RerankEvalReport, format: EvalFormat): string {
  const s = report.summary;
  const final = report.blend ?? report.stage1;
  if (format === 'json') {
    return jsonText({
      eval: 'rerank',
      queries: report.files.queries,
      skills: report.files.skills,
      qrels: report.files.qrels,
      retriever: { name: s.retriever.name, dim: s.retriever.dim },
      reranker: s.reranker === undefined ? null : { name: s.reranker.name, ce_score: s.reranker.ceScore },
      settings: { candidates: s.candidates, alpha: s.alpha, skill_text: s.skillText, full_ranking: s.fullRanking, corpus: report.skills },
      cutoffs: final.cutoffs,
      counts: { ...countsJson(final.counts), qrels_queries_not_run: report.qrelsQueriesNotRun },
      metrics: jsonMetrics(final.mean),
      stage1: jsonMetrics(report.stage1.mean),
      blend: report.blend === undefined ? null : jsonMetrics(report.blend.mean),
      alpha_sweep: report.sweep === undefined ? null : report.sweep.map((p) => ({ alpha: p.alpha, metrics: jsonMetrics(p.metrics) })),
      gates: jsonGates(report.gates),
    });
  }
  const lines = [
    `Rerank evaluation: ${final.counts.queries} queries (${report.files.queries}) x ${report.skills} skills (${report.files.skills}), qrels ${report.files.qrels}`,
    `  stage 1: ${s.retriever.name} (dim ${s.retriever.dim}), top ${s.candidates}${s.fullRanking ? ', then every other skill' : ' only (a truncated run: see docs/eval.md)'}`,
    `  stage 2: ${s.reranker === undefined ? 'none (no --reranker)' : `${s.reranker.name}, ${s.reranker.ceScore}, alpha ${s.alpha}`}`,
    '',
  ];
  const names = Object.keys(final.mean);
  const w = Math.max(...names.map((n) => n.length));
  if (report.blend === undefined) {
    lines.push(`  ${'metric'.padEnd(w)}  ${'stage 1'.padStart(9)}`);
    for (const n of names) lines.push(`  ${n.padEnd(w)}  ${tableNumber(report.stage1.mean[n]!).padStart(9)}`);
  } else {
    const blendHead = `blend a=${s.alpha}`;
    lines.push(`  ${'metric'.padEnd(w)}  ${'stage 1'.padStart(9)}  ${blendHead.padStart(12)}  ${'change'.padStart(8)}`);
    for (const n of names) {
      const a = report.stage1.mean[n]!;
      const b = report.blend.mean[n]!;
      const d = b - a;
      lines.push(`  ${n.padEnd(w)}  ${tableNumber(a).padStart(9)}  ${tableNumber(b).padStart(12)}  ${`${d >= 0 ? '+' : ''}${d.toFixed(4)}`.padStart(8)}`);
    }
  }
  const c = final.counts;
  lines.push('', `Counts: ${c.queriesMissingFromRun} queries missing from the run, ${c.queriesWithoutRelevant} without a relevant judgement, ${report.qrelsQueriesNotRun} qrels queries not in the queries file (left out)`);
  if (report.sweep !== undefined) {
    const cols = sweepColumns(final.cutoffs);
    lines.push('', 'Alpha sweep (alpha = weight of stage 1; 1 = stage 1 order within the top K)');
    lines.push(`  ${'alpha'.padStart(5)}${cols.map((m) => `  ${m.padStart(11)}`).join('')}`);
    for (const p of report.sweep) lines.push(`  ${String(p.alpha).padStart(5)}${cols.map((m) => `  ${tableNumber(p.metrics[m]!).padStart(11)}`).join('')}`);
  }
  const gateText = gateLines(report.gates);
  if (gateText.length > 0) lines.push('', ...gateText);
  return lines.join('\n') + '\n';
}
