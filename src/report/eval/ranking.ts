/** JSON objects and table lines for ranking evaluations; `eval rerank` reuses them per system. */
import type { RankingCounts, RankingEvaluation } from '../../metrics/ranking-evaluation.js';
import { jsonMetrics, metricLines, tableNumber } from './eval-output.js';

/** `{queries, queries_missing_from_run, queries_without_relevant, run_queries_not_in_qrels, unjudged_retrieved}` */
export function countsJson(c: RankingCounts): Record<string, number> {
  return {
    queries: c.queries,
    queries_missing_from_run: c.queriesMissingFromRun,
    queries_without_relevant: c.queriesWithoutRelevant,
    run_queries_not_in_qrels: c.runQueriesNotInQrels,
    unjudged_retrieved: c.unjudgedRetrieved,
  };
}

/** `[{query, retrieved, relevant, metrics}]`, qrels order. */
export function perQueryJson(evaluation: RankingEvaluation): unknown[] {
  return evaluation.perQuery.map((q) => ({ query: q.query, retrieved: q.retrieved, relevant: q.relevant, metrics: jsonMetrics(q.metrics) }));
}

/** Summary lines: the mean metrics, then what was counted (missing queries, unjudged documents). */
export function rankingSummaryLines(evaluation: RankingEvaluation): string[] {
  const c = evaluation.counts;
  const lines = [`Metrics (mean over ${c.queries} qrels ${c.queries === 1 ? 'query' : 'queries'})`, ...metricLines(evaluation.mean), ''];
  lines.push('Counts');
  lines.push(`  queries missing from the run (scored 0)     ${c.queriesMissingFromRun}`);
  lines.push(`  queries without a relevant judgement (0)    ${c.queriesWithoutRelevant}`);
  lines.push(`  run queries not in the qrels (ignored)      ${c.runQueriesNotInQrels}`);
  lines.push(`  retrieved documents without a judgement     ${c.unjudgedRetrieved}`);
  return lines;
}

/** One row per query: id, retrieved, relevant, then the chosen metrics. */
export function perQueryLines(evaluation: RankingEvaluation, metrics: readonly string[]): string[] {
  const ids = evaluation.perQuery.map((q) => q.query);
  const width = Math.max(5, ...ids.map((id) => id.length));
  const header = `  ${'query'.padEnd(width)}  ${'retrieved'.padStart(9)}  ${'relevant'.padStart(8)}${metrics.map((m) => `  ${m.padStart(9)}`).join('')}`;
  const rows = evaluation.perQuery.map(
    (q) =>
      `  ${q.query.padEnd(width)}  ${String(q.retrieved).padStart(9)}  ${String(q.relevant).padStart(8)}` +
      metrics.map((m) => `  ${tableNumber(q.metrics[m] ?? NaN).padStart(Math.max(9, m.length))}`).join(''),
  );
  return ['Per query', header, ...rows];
}
