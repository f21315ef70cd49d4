/** `resumator eval ranking`: TREC qrels + run -> TalentCLEF ranking metrics, with CI gates. */
import { emitEvalReport, gateLines, jsonGates, jsonMetrics, jsonText, type EvalFormat } from '../report/eval/eval-output.js';
import { parseGates } from '../eval/gates.js';
import { countsJson, perQueryJson, perQueryLines, rankingSummaryLines } from '../report/eval/ranking.js';
import { readQrels, readRun } from '../eval/trec-files.js';
import { renderRankingHtml } from '../report/html/eval-html.js';
import { DEFAULT_CUTOFFS, evaluateRanking, rankingMetricNames, type RankingEvaluation } from '../metrics/ranking-evaluation.js';
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import { checkOutputTargets } from '../output/output-targets.js';

export interface EvalRankingOptions {
  qrels: string;
  run: string;
  /** Cutoffs k for nDCG@k, P@k and recall@k; default 5, 10, 100. */
  cutoffs?: readonly number[];
  /** `METRIC=VALUE` gate specs (`--min`). */
  gates: readonly string[];
  /** Also list every query in the table (JSON always has them). */
  perQuery: boolean;
  format: EvalFormat;
  output?: string;
  write: (chunk: string) => void;
}

/**
 * Reads both files, evaluates (see evaluateRanking), writes the report and enforces the gates
 * (GateError after the report is written). Unknown gate metrics fail before any reading.
 */
export async function evalRankingCommand(options: EvalRankingOptions): Promise<RankingEvaluation> {
  const cutoffs = options.cutoffs ?? DEFAULT_CUTOFFS;
  const gates = parseGates(options.gates, rankingMetricNames(cutoffs));
  const inputs = [
    { what: 'the --qrels file', path: options.qrels },
    { what: 'the --run file', path: options.run },
  ];
  checkStdinUsedOnce(inputs);
  await checkOutputTargets([{ what: '--output', path: options.output }], inputs);
  const qrels = await readQrels(options.qrels);
  const { run, tags } = await readRun(options.run);
  const evaluation = evaluateRanking(qrels, run, cutoffs);
  await emitEvalReport(evaluation.mean, gates, (results, format) => {
    if (format === 'html') return renderRankingHtml({ qrels: options.qrels, run: options.run, tags }, evaluation, results);
    if (format === 'json') {
      return jsonText({
        eval: 'ranking',
        qrels: options.qrels,
        run: options.run,
        tags,
        cutoffs: evaluation.cutoffs,
        metrics: jsonMetrics(evaluation.mean),
        counts: countsJson(evaluation.counts),
        gates: jsonGates(results),
        per_query: perQueryJson(evaluation),
      });
    }
    const lines = [`Ranking evaluation: run ${options.run}${tags.length > 0 ? ` (tag ${tags.join(', ')})` : ''} against qrels ${options.qrels}`, ''];
    lines.push(...rankingSummaryLines(evaluation));
    if (options.perQuery) lines.push('', ...perQueryLines(evaluation, ['ndcg', 'ndcg_binary', 'map', 'mrr']));
    const gateText = gateLines(results);
    if (gateText.length > 0) lines.push('', ...gateText);
    return lines.join('\n') + '\n';
  }, options);
  return evaluation;
}
