/**
 * The two-stage pipeline, free of flags and rendering: embed the skills once and the job
 * titles, take each title's exact top K by cosine (stage 1), rescore them with the
 * cross-encoder (stage 2, optional), blend, and emit one ranking per job title.
 */
import { embedSets } from '../embed/embed-sets.js';
import type { Reporter } from '../reporter.js';
import { UsageError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { buildAnnIndex, type AnnOptions } from './ann-index.js';
import { checkCeScoreMode, coreClass, type CeScoreMode } from './ce-score.js';
import { CrossEncoder, DEFAULT_PAIR_BATCH_SIZE } from './cross-encoder.js';
import type { JobTitle } from './job-titles.js';
import { approximateTopK, biOnly, blended, dot, retrieve, type JobRanking } from './rank-job.js';
import { skillText, type Skill, type SkillText } from './skills.js';

export { TAIL_OFFSET, type JobRanking } from './rank-job.js';

export const DEFAULT_CANDIDATES = 200;
export const DEFAULT_ALPHA = 0.7;

export interface RerankSettings {
  /** Stage-1 bi-encoder (resolve a --retriever value with resolveModel). */
  retriever: ModelDirectory;
  /** Stage-2 cross-encoder; undefined skips stage 2 (the ranking is the bi-encoder's). */
  reranker?: ModelDirectory;
  /** K: skills retrieved per job title and reranked. Default 200. */
  candidates?: number;
  /** Weight of the bi-encoder in the blend, 0..1. Default 0.7. */
  alpha?: number;
  /** Default 'logit' (the core class's logit, as SkillScout). */
  ceScore?: CeScoreMode;
  /** What stage 1 embeds per skill. Default 'label'. */
  skillText?: SkillText;
  /** Also list every skill beyond the top K, in bi-encoder order. Default false. */
  fullRanking?: boolean;
  /**
   * Approximate stage 1 (HNSW via the optional hnswlib-node) instead of exact search; `{}` for
   * the defaults. Not with fullRanking, which needs every score anyway.
   */
  ann?: AnnOptions;
  /** Matryoshka dimension of the retriever. */
  dim?: number;
  /** Texts per embedding batch. Default 50. */
  batchSize?: number;
  /** Pairs per cross-encoder batch. Default 32. */
  pairBatchSize?: number;
  threads?: number;
  /** Embedding cache file (docs/cache.md); undefined: none. */
  cache?: string;
  reporter: Reporter;
}

/** What was run: known before the first ranking, so streaming renderers can write headers. */
export interface RerankInfo {
  retriever: { name: string; dim: number };
  /** Undefined when stage 2 was skipped. */
  reranker: { name: string; labels: readonly string[]; ceScore: CeScoreMode; coreClass: number } | undefined;
  candidates: number;
  /** How stage 1 found the top K: exact block similarity, or the approximate HNSW index. */
  search: 'exact' | 'hnsw';
  alpha: number;
  skillText: SkillText;
  fullRanking: boolean;
}

export interface RerankSummary extends RerankInfo {
  /** Texts longer than the models' limits, cut: skills and titles (stage 1), pairs (stage 2). */
  truncated: { skills: number; jobs: number; pairs: number };
}

export interface RerankResult extends RerankSummary {
  jobs: JobRanking[];
}

/**
 * Ranks skills for every job title and returns all rankings. For thousands of titles with
 * `fullRanking`, prefer {@link rerankEach}, which hands over one ranking at a time.
 *
 * @example
 * const result = await rerank(
 *   [{ id: '1', title: 'Data Scientist' }], skills,
 *   { retriever: await resolveModel('fixtures/models/tiny-bert'), reranker: await resolveModel('fixtures/models/tiny-cross-encoder'), reporter: silentReporter },
 * );
 * skills[result.jobs[0].skillIndex[0]].label; // the best skill
 */
export async function rerank(jobs: readonly JobTitle[], skills: readonly Skill[], settings: RerankSettings): Promise<RerankResult> {
  const rankings: JobRanking[] = [];
  const summary = await rerankEach(jobs, skills, settings, (ranking) => {
    rankings.push(ranking);
  });
  return { ...summary, jobs: rankings };
}

/**
 * The streaming form of {@link rerank}: calls `onJob` once per job title, in input order, and
 * keeps nothing. Skill embeddings are computed once for all titles.
 */
export async function rerankEach(
  jobs: readonly JobTitle[],
  skills: readonly Skill[],
  settings: RerankSettings,
  onJob: (ranking: JobRanking, info: RerankInfo) => void | Promise<void>,
): Promise<RerankSummary> {
  const requested = settings.candidates ?? DEFAULT_CANDIDATES;
  const alpha = settings.alpha ?? DEFAULT_ALPHA;
  const mode = settings.ceScore ?? 'logit';
  const textMode = settings.skillText ?? 'label';
  checkSettings(requested, alpha);
  // A corpus smaller than K is ranked whole: that is a full ranking, not an error.
  const k = Math.min(requested, skills.length);
  if (k < requested) settings.reporter.notice(`note: the skills corpus has ${skills.length} skills, fewer than --candidates ${requested}: all ${k} are ranked`);
  if (settings.ann !== undefined && settings.fullRanking === true) {
    throw new UsageError('--ann and --full-ranking do not go together: a full ranking needs the exact score of every skill');
  }
  // Opened first so a reranker that cannot serve (no id2label, a mode it cannot give) fails
  // before minutes of corpus embedding.
  const encoder = settings.reranker === undefined ? undefined : await CrossEncoder.open(settings.reranker, { threads: settings.threads });
  try {
    if (encoder !== undefined) checkCeScoreMode(mode, encoder.labels, encoder.model.name);
    const embedded = await embedSets(
      settings.retriever,
      [
        { label: 'skills', texts: skills.map((s) => skillText(s, textMode)) },
        { label: 'job titles', texts: jobs.map((j) => j.title) },
      ],
      { dim: settings.dim, batchSize: settings.batchSize ?? 50, threads: settings.threads, reporter: settings.reporter, cache: settings.cache },
    );
    const [skillSet, jobSet] = embedded.sets as [(typeof embedded.sets)[0], (typeof embedded.sets)[0]];
    const truncated = { skills: skillSet.truncated, jobs: jobSet.truncated, pairs: 0 };
    const core = encoder === undefined ? 0 : coreClass(encoder.labels);
    const info: RerankInfo = {
      retriever: { name: settings.retriever.name, dim: embedded.dim },
      reranker: encoder === undefined ? undefined : { name: encoder.model.name, labels: encoder.labels, ceScore: mode, coreClass: core },
      candidates: k,
      search: settings.ann === undefined ? 'exact' : 'hnsw',
      alpha,
      skillText: textMode,
      fullRanking: settings.fullRanking === true || k === skills.length,
    };
    const bar = settings.reporter.progress(encoder === undefined ? 'ranking' : 'reranking', jobs.length);
    let done = 0;
    const rankOne = async (job: JobTitle, stage1: Uint32Array, scoreOf: (index: number) => number): Promise<void> => {
      let ranking: JobRanking;
      if (encoder === undefined) {
        ranking = biOnly(job, scoreOf, stage1);
      } else {
        const top = stage1.subarray(0, k);
        const scores = await encoder.score(Array.from(top, (i) => [job.title, (skills[i] as Skill).label] as const), settings.pairBatchSize ?? DEFAULT_PAIR_BATCH_SIZE);
        truncated.pairs += scores.truncated;
        ranking = blended(job, scoreOf, stage1, k, scores.logits, encoder.labels.length, { alpha, mode, core });
      }
      await onJob(ranking, info);
      bar.update(++done);
    };
    try {
      if (settings.ann !== undefined) {
        const dim = embedded.dim;
        const index = await buildAnnIndex(skillSet.vectors, skillSet.count, dim, settings.ann);
        for (let j = 0; j < jobs.length; j++) {
          const query = jobSet.vectors.subarray(j * dim, (j + 1) * dim);
          const scoreOf = (i: number): number => dot(query, skillSet.vectors, i * dim, dim);
          await rankOne(jobs[j] as JobTitle, approximateTopK(index.search(query, k), scoreOf), scoreOf);
        }
      } else {
        await forEachSimilarityBlock(jobSet.vectors, jobSet.count, skillSet.vectors, skillSet.count, embedded.dim, async (rowStart, rowCount, block) => {
          for (let r = 0; r < rowCount; r++) {
            const row = block.subarray(r * skillSet.count, (r + 1) * skillSet.count);
            await rankOne(jobs[rowStart + r] as JobTitle, retrieve(row, k, settings.fullRanking === true), (i) => row[i] as number);
          }
        });
      }
    } finally {
      bar.stop();
    }
    return { ...info, truncated };
  } finally {
    await encoder?.dispose();
  }
}

function checkSettings(k: number, alpha: number): void {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`--candidates must be a positive integer, got ${k}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be between 0 and 1, got ${alpha}`);
}
