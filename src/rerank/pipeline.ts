/**
 * The two-stage pipeline, free of flags and rendering: embed the skills once and the job
 * titles, take each title's exact top K by cosine (stage 1), rescore them with the
 * cross-encoder (stage 2, optional), blend, and emit one ranking per job title.
 */
import { embedSets } from '../commands/embedding.js';
import type { Reporter } from '../commands/reporter.js';
import { UsageError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { TopK } from '../similarity/top-k.js';
import { buildAnnIndex, type AnnOptions } from './ann-index.js';
import { blendScores, MIN_SPAN, strictlyDecreasing } from './blend.js';
import { argmax, ceScore, checkCeScoreMode, coreClass, softmax, type CeScoreMode } from './ce-score.js';
import { CrossEncoder, DEFAULT_PAIR_BATCH_SIZE } from './cross-encoder.js';
import type { JobTitle } from './job-titles.js';
import { skillText, type Skill, type SkillText } from './skills.js';

export const DEFAULT_CANDIDATES = 200;
export const DEFAULT_ALPHA = 0.7;

/**
 * Offset that puts skills beyond the reranked top K below every blended score: blended scores
 * lie in [0, 1] and cosines in [-1, 1], so a tail skill scores cosine − 2 < 0.
 */
export const TAIL_OFFSET = 2;

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
  reporter: Reporter;
}

/** One job title's ranking, best first; parallel typed arrays so a full ranking stays compact. */
export interface JobRanking {
  job: JobTitle;
  /** Indices into the skills array. */
  skillIndex: Uint32Array;
  /** Final scores, strictly decreasing at 6 decimals (see strictlyDecreasing). */
  score: Float64Array;
  /** Bi-encoder cosine of each listed skill. */
  biScore: Float32Array;
  /** How many leading entries the cross-encoder scored (0 when stage 2 was skipped). */
  reranked: number;
  /** [reranked x labels] raw logits, in ranking order. */
  logits: Float32Array;
  /** [reranked x labels] softmax probabilities; undefined for a single-logit model. */
  probabilities: Float32Array | undefined;
  /** Predicted class (argmax of the logits) of each reranked entry; undefined for a single logit. */
  predicted: Uint8Array | undefined;
  /** The stage-2 score that went into the blend (per --ce-score), per reranked entry. */
  ceScore: Float64Array;
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
  const k = settings.candidates ?? DEFAULT_CANDIDATES;
  const alpha = settings.alpha ?? DEFAULT_ALPHA;
  const mode = settings.ceScore ?? 'logit';
  const textMode = settings.skillText ?? 'label';
  checkSettings(k, alpha, skills.length);
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
      { dim: settings.dim, batchSize: settings.batchSize ?? 50, threads: settings.threads, reporter: settings.reporter },
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
      fullRanking: settings.fullRanking === true,
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

function checkSettings(k: number, alpha: number, corpusSize: number): void {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`--candidates must be a positive integer, got ${k}`);
  if (k > corpusSize) {
    throw new UsageError(`--candidates ${k} is larger than the skills corpus (${corpusSize} skills); use --candidates ${corpusSize} or less`);
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be between 0 and 1, got ${alpha}`);
}

/**
 * Stage 1: corpus indices by cosine, best first (ties: lower corpus index first): the exact top
 * K, or every skill when `full` (top K first, then the rest in the same order).
 */
export function retrieve(row: Float32Array, k: number, full: boolean): Uint32Array {
  if (full) {
    const all = Uint32Array.from({ length: row.length }, (_, i) => i);
    return all.sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
  }
  const top = new TopK(k);
  for (let i = 0; i < row.length; i++) top.push(row[i] as number, i);
  return Uint32Array.from(top.sorted(), (s) => s.index);
}

/** ANN hits re-scored exactly and put in the same order as exact search (ties: lower index). */
function approximateTopK(hits: readonly number[], scoreOf: (index: number) => number): Uint32Array {
  return Uint32Array.from(hits).sort((a, b) => scoreOf(b) - scoreOf(a) || a - b);
}

function dot(query: Float32Array, vectors: Float32Array, offset: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += (query[d] as number) * (vectors[offset + d] as number);
  // Rounded through float32 so exact and approximate runs report the same cosines.
  return Math.fround(s);
}

function biOnly(job: JobTitle, scoreOf: (index: number) => number, order: Uint32Array): JobRanking {
  const bi = Float32Array.from(order, (i) => scoreOf(i));
  return {
    job,
    skillIndex: order,
    score: strictlyDecreasing(bi),
    biScore: bi,
    reranked: 0,
    logits: new Float32Array(0),
    probabilities: undefined,
    predicted: undefined,
    ceScore: new Float64Array(0),
  };
}

/**
 * Stage 2 result to ranking: blend the top K, sort them by blended score (ties: higher
 * cosine, then lower corpus index, i.e. their stage-1 order), and append the tail (if any)
 * below them in stage-1 order.
 */
function blended(
  job: JobTitle,
  scoreOf: (index: number) => number,
  order: Uint32Array,
  k: number,
  logits: Float32Array,
  nLabels: number,
  options: { alpha: number; mode: CeScoreMode; core: number },
): JobRanking {
  const probs: Array<number[] | undefined> = [];
  const ce = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const l = logits.subarray(i * nLabels, (i + 1) * nLabels);
    const p = softmax(l);
    probs.push(p);
    ce[i] = ceScore(l, p, options.mode, options.core);
  }
  const bi = Float32Array.from(order.subarray(0, k), (i) => scoreOf(i));
  const final = blendScores(bi, ce, options.alpha, { bi: MIN_SPAN.bi, ce: MIN_SPAN[options.mode] });
  // Positions 0..k-1 are in stage-1 order, so comparing positions is the documented tie rule.
  const byFinal = Array.from({ length: k }, (_, i) => i).sort((a, b) => (final[b] as number) - (final[a] as number) || a - b);
  const n = order.length;
  const skillIndex = new Uint32Array(n);
  const biScore = new Float32Array(n);
  const raw = new Float64Array(n);
  const outLogits = new Float32Array(k * nLabels);
  const outProbs = nLabels > 1 ? new Float32Array(k * nLabels) : undefined;
  const predicted = nLabels > 1 ? new Uint8Array(k) : undefined;
  const outCe = new Float64Array(k);
  byFinal.forEach((pos, rank) => {
    skillIndex[rank] = order[pos] as number;
    biScore[rank] = bi[pos] as number;
    raw[rank] = final[pos] as number;
    const l = logits.subarray(pos * nLabels, (pos + 1) * nLabels);
    outLogits.set(l, rank * nLabels);
    const p = probs[pos];
    if (outProbs !== undefined && p !== undefined) outProbs.set(p, rank * nLabels);
    if (predicted !== undefined) predicted[rank] = argmax(l);
    outCe[rank] = ce[pos] as number;
  });
  for (let i = k; i < n; i++) {
    const index = order[i] as number;
    skillIndex[i] = index;
    biScore[i] = scoreOf(index);
    raw[i] = (biScore[i] as number) - TAIL_OFFSET;
  }
  return { job, skillIndex, score: strictlyDecreasing(raw), biScore, reranked: k, logits: outLogits, probabilities: outProbs, predicted, ceScore: outCe };
}
