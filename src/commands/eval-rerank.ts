/**
 * `resumator eval rerank`: run the rerank pipeline over every query and score stage 1 alone
 * and the blend side by side against qrels (the SkillScout card's table), optionally for a
 * sweep of alphas re-blended from the same cross-encoder scores.
 */
import { UsageError } from '../errors.js';
import { emitEvalReport, type EvalFormat } from '../report/eval/eval-output.js';
import { parseGates } from '../eval/gates.js';
import { reblend, reduceRanking, runFromOrders, type RerankedQuery } from '../eval/rerank-runs.js';
import { renderRerankEval, type RerankEvalReport } from '../report/eval/rerank.js';
import { renderRerankEvalHtml } from '../report/html/eval-html.js';
import { readQrels } from '../eval/trec-files.js';
import { DEFAULT_CUTOFFS, evaluateRanking, rankingMetricNames, type Qrels } from '../metrics/ranking-evaluation.js';
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import { checkOutputTargets } from '../output/output-targets.js';
import { readJobTitles } from '../rerank/job-titles.js';
import { rerankEach } from '../rerank/pipeline.js';
import { readSkills } from '../rerank/skills.js';
import { resolveRerankSettings, type RerankModelOptions } from './rerank-settings.js';

/** Gate names for stage 1 carry this prefix (`stage1.ndcg`); plain names gate the final system. */
export const STAGE1_PREFIX = 'stage1.';

export interface EvalRerankOptions extends RerankModelOptions {
  queries: string;
  skills: string;
  qrels: string;
  alphaSweep?: readonly number[];
  cutoffs?: readonly number[];
  gates: readonly string[];
  format: EvalFormat;
  output?: string;
  write: (chunk: string) => void;
}

export async function evalRerankCommand(options: EvalRerankOptions): Promise<RerankEvalReport> {
  const cutoffs = options.cutoffs ?? DEFAULT_CUTOFFS;
  const names = rankingMetricNames(cutoffs);
  const gates = parseGates(options.gates, [...names, ...names.map((n) => STAGE1_PREFIX + n)]);
  if (options.alphaSweep !== undefined && options.reranker === undefined) {
    throw new UsageError('--alpha-sweep re-blends the cross-encoder scores: give --reranker DIR too');
  }
  const inputs = [
    { what: 'the --queries file', path: options.queries },
    { what: 'the --skills file', path: options.skills },
    { what: 'the --qrels file', path: options.qrels },
  ];
  checkStdinUsedOnce(inputs);
  await checkOutputTargets([{ what: '--output', path: options.output }], inputs);
  const allQrels = await readQrels(options.qrels);
  const titles = await readJobTitles(options.queries, { format: options.inputFormat, columns: options.jobColumns });
  const corpus = await readSkills(options.skills, { format: options.inputFormat, columns: options.skillColumns });
  const settings = await resolveRerankSettings(options);

  // Only the queries that were run are judged: a qrels file covering more (ESCO's 3,007 with
  // the dev300 queries) is restricted to them, and the difference is counted.
  const asked = new Set(titles.map((t) => t.id));
  const qrels: Qrels = new Map([...allQrels].filter(([q]) => asked.has(q)));
  const queries: RerankedQuery[] = [];
  const summary = await rerankEach(
    titles,
    corpus.skills,
    settings,
    (ranking) => {
      queries.push(reduceRanking(ranking));
    },
  );
  const ids = corpus.skills.map((s) => s.id);
  const stage1 = evaluateRanking(qrels, runFromOrders(queries.map((q) => ({ query: q.query, order: q.stage1 })), ids), cutoffs);
  const blend = summary.reranker === undefined ? undefined : evaluateRanking(qrels, runFromOrders(queries.map((q) => ({ query: q.query, order: q.final })), ids), cutoffs);
  const mode = summary.reranker?.ceScore ?? 'logit';
  const sweep = (options.alphaSweep ?? []).map((alpha) => ({
    alpha,
    metrics: evaluateRanking(qrels, runFromOrders(queries.map((q) => ({ query: q.query, order: reblend(q, alpha, mode) })), ids), cutoffs).mean,
  }));

  const final = blend ?? stage1;
  const gateMetrics: Record<string, number> = { ...final.mean };
  for (const n of names) gateMetrics[STAGE1_PREFIX + n] = stage1.mean[n]!;
  const report: RerankEvalReport = {
    files: { queries: options.queries, skills: options.skills, qrels: options.qrels },
    summary,
    skills: corpus.skills.length,
    qrelsQueriesNotRun: allQrels.size - qrels.size,
    stage1,
    blend,
    sweep: options.alphaSweep === undefined ? undefined : sweep,
    gates: [],
  };
  report.gates = await emitEvalReport(
    gateMetrics,
    gates,
    (results, format) => (format === 'html' ? renderRerankEvalHtml({ ...report, gates: results }) : renderRerankEval({ ...report, gates: results }, format)),
    options,
  );
  return report;
}
