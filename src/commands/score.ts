/**
 * `resumator score`: read -> template -> embed -> block similarity -> top matches, labels and
 * the score distribution -> render -> atomic write.
 */
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { UsageError } from '../errors.js';
import { decide } from '../metrics/classification.js';
import { labelFor, validateThresholds, type LabelThresholds } from '../report/labels.js';
import { openMatrixCsv } from '../report/score/matrix-csv.js';
import { renderReport, type OutputFormat } from '../report/score/render.js';
import { roundScore } from '../report/round-score.js';
import { ScoreDistribution } from '../metrics/score-distribution.js';
import type { Match, ScoreReport } from '../report/score/score-report.js';
import { resolveModel } from '../sources/resolve-model.js';
import { checkOutputTarget } from '../output/atomic-write.js';
import { writeOutput } from '../output/write-output.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { TopKGroups, type GroupBy } from '../similarity/top-k.js';
import { embedSets } from '../embed/embed-sets.js';
import { loadTexts } from './load-texts.js';
import { scoreWithStore, type StoreScoreSettings } from './score-store.js';
import type { Reporter } from '../reporter.js';

export interface ScoreOptions {
  candidates: string;
  jobs: string;
  /** Model directory or `lite[:settings]`; undefined means the lite model, with a notice. */
  model: string | undefined;
  dim?: number;
  batchSize: number;
  threads?: number;
  /** Embedding cache file; undefined embeds everything without one. */
  cache?: string;
  top: number;
  per: GroupBy;
  minScore?: number;
  thresholds: LabelThresholds;
  /** Label each match SELECTED (score >= T) or REJECTED, e.g. with `eval classify --calibrate`'s T. */
  selectThreshold?: number;
  format: OutputFormat;
  /** File to write atomically; undefined or '-' writes to `write`. */
  output?: string;
  /** Also write the full candidates x jobs matrix as CSV here. */
  matrix?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: ColumnOverrides;
  jobColumns?: ColumnOverrides;
  /** Rank inside this vector store (PostgreSQL + pgvector) instead of in process; see score-store.ts. */
  store?: StoreScoreSettings;
  reporter: Reporter;
  write: (chunk: string) => void;
}

export async function scoreCommand(options: ScoreOptions): Promise<ScoreReport> {
  const thresholds = validateThresholds(options.thresholds);
  if (options.selectThreshold !== undefined && !Number.isFinite(options.selectThreshold)) {
    throw new UsageError(`--select-threshold must be a number, got ${options.selectThreshold}`);
  }
  if (options.store !== undefined) return scoreWithStore(options, thresholds, options.store);
  for (const target of [options.output, options.matrix]) if (target !== undefined) await checkOutputTarget(target);
  const model = await resolveModel(options.model, { reporter: options.reporter });
  const candidates = await loadTexts(options.candidates, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns });
  const jobs = await loadTexts(options.jobs, { kind: 'job', format: options.inputFormat, columns: options.jobColumns });
  const embedded = await embedSets(
    model,
    [
      { label: 'candidates', texts: candidates.texts },
      { label: 'jobs', texts: jobs.texts },
    ],
    { dim: options.dim, batchSize: options.batchSize, threads: options.threads, reporter: options.reporter, cache: options.cache },
  );
  const [cand, job] = embedded.sets as [(typeof embedded.sets)[0], (typeof embedded.sets)[0]];

  const distribution = new ScoreDistribution();
  const groups = new TopKGroups(cand.count, job.count, { k: options.top, per: options.per, minScore: options.minScore });
  const matrix = options.matrix === undefined ? undefined : await openMatrixCsv(options.matrix, candidates.ids, jobs.ids);
  try {
    await forEachSimilarityBlock(cand.vectors, cand.count, job.vectors, job.count, embedded.dim, async (rowStart, rowCount, block) => {
      distribution.add(block);
      groups.addBlock(rowStart, rowCount, block);
      await matrix?.writeBlock(rowStart, rowCount, block);
    }, options.threads === undefined ? {} : { threads: options.threads });
  } catch (err) {
    await matrix?.abort();
    throw err;
  }

  const report: ScoreReport = {
    model: model.name,
    dim: embedded.dim,
    per: options.per,
    matches: collectMatches(groups, candidates.ids, jobs.ids, thresholds, options.selectThreshold),
    stats: distribution.stats(),
    histogram: distribution.histogram(),
    truncated: { candidates: cand.truncated, jobs: job.truncated },
  };
  if (options.selectThreshold !== undefined) report.selectThreshold = options.selectThreshold;
  try {
    await writeOutput(options.output, renderReport(report, options.format), options.write);
  } catch (err) {
    await matrix?.abort();
    throw err;
  }
  await matrix?.commit();
  // The table already carries this note; machine formats get it on stderr.
  if (cand.truncated + job.truncated > 0 && options.format !== 'table') {
    options.reporter.notice(
      `note: ${cand.truncated} candidate and ${job.truncated} job texts were longer than the model's max_seq_length and were truncated`,
    );
  }
  return report;
}

/** Groups in input order (jobs, or candidates with per=candidate), best match first. */
function collectMatches(
  groups: TopKGroups,
  candidateIds: readonly string[],
  jobIds: readonly string[],
  thresholds: LabelThresholds,
  selectThreshold: number | undefined,
): Match[] {
  const matches: Match[] = [];
  for (let g = 0; g < groups.groupCount; g++) {
    groups.sorted(g).forEach(({ index, score }, i) => {
      const [job, candidate] = groups.per === 'job' ? [jobIds[g], candidateIds[index]] : [jobIds[index], candidateIds[g]];
      const match: Match = { job: job as string, candidate: candidate as string, score: roundScore(score), rank: i + 1, label: labelFor(score, thresholds) };
      // Decided on the unrounded score, as eval classify's threshold was found on unrounded scores.
      if (selectThreshold !== undefined) match.decision = decide(score, selectThreshold);
      matches.push(match);
    });
  }
  return matches;
}
