/**
 * Evaluating a whole run against qrels: every metric per query, and the mean over the qrels'
 * queries. Pure; `eval ranking` and `eval rerank` both call {@link evaluateRanking}.
 */
import { averagePrecision, ndcg, precisionAt, rankDocs, recallAt, reciprocalRank, relevantCount, type Judgements } from './ranking-metrics.js';

/** Judgements per query: query id -> document id -> grade (integer >= 0). */
export type Qrels = ReadonlyMap<string, Judgements>;
/** System scores per query: query id -> document id -> score (higher = better). */
export type Run = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The cutoffs reported when none are named. */
export const DEFAULT_CUTOFFS: readonly number[] = [5, 10, 100];

/**
 * Metric names in report order: `ndcg`, `ndcg_binary`, `map`, `mrr`, then per cutoff k
 * `ndcg@k`, `ndcg_binary@k`, `p@k`, `recall@k`. These are the keys of the JSON report and the
 * names `--min` accepts.
 *
 * @example rankingMetricNames([10]) // ['ndcg', 'ndcg_binary', 'map', 'mrr', 'ndcg@10', 'ndcg_binary@10', 'p@10', 'recall@10']
 */
export function rankingMetricNames(cutoffs: readonly number[] = DEFAULT_CUTOFFS): string[] {
  const names = ['ndcg', 'ndcg_binary', 'map', 'mrr'];
  for (const prefix of ['ndcg', 'ndcg_binary', 'p', 'recall']) for (const k of cutoffs) names.push(`${prefix}@${k}`);
  return names;
}

/** Every metric of {@link rankingMetricNames} for one ranked list. */
export function queryMetrics(ranked: readonly string[], judged: Judgements, cutoffs: readonly number[] = DEFAULT_CUTOFFS): Record<string, number> {
  const m: Record<string, number> = {
    ndcg: ndcg(ranked, judged),
    ndcg_binary: ndcg(ranked, judged, { binary: true }),
    map: averagePrecision(ranked, judged),
    mrr: reciprocalRank(ranked, judged),
  };
  for (const k of cutoffs) m[`ndcg@${k}`] = ndcg(ranked, judged, { cutoff: k });
  for (const k of cutoffs) m[`ndcg_binary@${k}`] = ndcg(ranked, judged, { cutoff: k, binary: true });
  for (const k of cutoffs) m[`p@${k}`] = precisionAt(ranked, judged, k);
  for (const k of cutoffs) m[`recall@${k}`] = recallAt(ranked, judged, k);
  return m;
}

export interface QueryResult {
  query: string;
  /** Documents the run returned for the query (0 when the query is missing from the run). */
  retrieved: number;
  /** Judged documents with grade >= 1. */
  relevant: number;
  metrics: Record<string, number>;
}

export interface RankingCounts {
  /** Queries in the qrels: the denominator of every mean. */
  queries: number;
  /** Qrels queries absent from the run; each scores 0 on every metric. */
  queriesMissingFromRun: number;
  /** Qrels queries with no judgement of grade >= 1; each scores 0 on every metric. */
  queriesWithoutRelevant: number;
  /** Run queries absent from the qrels: ignored. */
  runQueriesNotInQrels: number;
  /** Retrieved documents (of evaluated queries) without a judgement: count as grade 0. */
  unjudgedRetrieved: number;
}

export interface RankingEvaluation {
  cutoffs: number[];
  /** Mean of each metric over ALL qrels queries, in {@link rankingMetricNames} order. */
  mean: Record<string, number>;
  /** One result per qrels query, in qrels order. */
  perQuery: QueryResult[];
  counts: RankingCounts;
}

/**
 * Scores `run` against `qrels`. Each qrels query is ranked by {@link rankDocs} (score
 * descending, ties by document id descending) and scored by {@link queryMetrics}; the mean is
 * over all qrels queries, a query missing from the run contributing 0 (trec_eval instead
 * averages over queries present in both, and ranx refuses differing query sets; a system that
 * skips a query should not gain from it). Run queries absent from the qrels are ignored and
 * counted. With no qrels queries every mean is 0.
 *
 * @example
 * const evaluation = evaluateRanking(qrels, run, [10]);
 * evaluation.mean.ndcg; evaluation.mean['p@10'];
 */
export function evaluateRanking(qrels: Qrels, run: Run, cutoffs: readonly number[] = DEFAULT_CUTOFFS): RankingEvaluation {
  const names = rankingMetricNames(cutoffs);
  const sums = new Map(names.map((n) => [n, 0]));
  const perQuery: QueryResult[] = [];
  const counts: RankingCounts = { queries: qrels.size, queriesMissingFromRun: 0, queriesWithoutRelevant: 0, runQueriesNotInQrels: 0, unjudgedRetrieved: 0 };
  for (const [query, judged] of qrels) {
    const scores = run.get(query);
    if (scores === undefined) counts.queriesMissingFromRun++;
    const relevant = relevantCount(judged);
    if (relevant === 0) counts.queriesWithoutRelevant++;
    const ranked = scores === undefined ? [] : rankDocs(scores);
    for (const doc of ranked) if (!judged.has(doc)) counts.unjudgedRetrieved++;
    const metrics = queryMetrics(ranked, judged, cutoffs);
    for (const n of names) sums.set(n, sums.get(n)! + metrics[n]!);
    perQuery.push({ query, retrieved: ranked.length, relevant, metrics });
  }
  for (const query of run.keys()) if (!qrels.has(query)) counts.runQueriesNotInQrels++;
  const mean: Record<string, number> = {};
  for (const n of names) mean[n] = qrels.size === 0 ? 0 : sums.get(n)! / qrels.size;
  return { cutoffs: [...cutoffs], mean, perQuery, counts };
}
