/**
 * What `rerank` and `eval rerank` share: the model flags and pipeline knobs, and the one place
 * that turns them into pipeline settings, so the two commands run the same pipeline the same way.
 */
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { resolveModel } from '../sources/resolve-model.js';
import type { RerankSettings } from '../rerank/pipeline.js';

/**
 * The pipeline's settings as a command receives them: the models still as specs (directory,
 * Hub repo id or `lite[:...]`), HNSW as a flag, and the input-file knobs of both commands.
 */
export interface RerankModelOptions extends Omit<RerankSettings, 'retriever' | 'reranker' | 'ann'> {
  /** Stage-1 bi-encoder spec; undefined: the cached real model, else lite with a notice. */
  retriever: string | undefined;
  /** Stage-2 cross-encoder spec; undefined skips stage 2. */
  reranker?: string;
  fullRanking: boolean;
  /** Approximate (HNSW) stage 1 instead of exact search. */
  ann?: boolean;
  /** HNSW query-time candidate list (default 2·K). */
  annEf?: number;
  inputFormat?: InputFormat;
  /** Column overrides for the skills file (imply the plain layout) and the job-title file. */
  skillColumns?: ColumnOverrides;
  jobColumns?: ColumnOverrides;
}

/**
 * Resolves both models (pulling or building lite as needed, with notices on the reporter) and
 * returns the pipeline settings.
 *
 * @example
 * const settings = await resolveRerankSettings({ retriever: 'lite', fullRanking: false, reporter: silentReporter });
 */
export async function resolveRerankSettings(options: RerankModelOptions): Promise<RerankSettings> {
  const { reporter } = options;
  const retriever = await resolveModel(options.retriever, { reporter, flag: '--retriever' });
  const reranker = options.reranker === undefined ? undefined : await resolveModel(options.reranker, { reporter, flag: '--reranker' });
  return {
    retriever,
    reranker,
    candidates: options.candidates,
    alpha: options.alpha,
    ceScore: options.ceScore,
    skillText: options.skillText,
    fullRanking: options.fullRanking,
    ann: options.ann === true ? (options.annEf === undefined ? {} : { efSearch: options.annEf }) : undefined,
    dim: options.dim,
    batchSize: options.batchSize,
    pairBatchSize: options.pairBatchSize,
    threads: options.threads,
    cache: options.cache,
    reporter,
  };
}
