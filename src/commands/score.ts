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
import { ScoreDistribution } from '../metrics/score-distribution.js';
import type { Match, ScoreReport } from '../report/score/score-report.js';
import { resolveModel } from '../sources/resolve-model.js';
import { checkOutputTargets } from '../output/output-targets.js';
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import { writeOutput } from '../output/write-output.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { TopKGroups, type GroupBy } from '../similarity/top-k.js';
import { embedSets } from '../embed/embed-sets.js';
import { loadTexts, type LoadedTexts } from './load-texts.js';
import { HeatmapSample } from '../report/html/heatmap-sample.js';
import type { ScoreHtmlContext } from '../report/html/score-html.js';
import { scoreWithStore, type StoreScoreSettings } from './score-store.js';
import type { Reporter } from '../reporter.js';
import type { Candidate, Job } from '../input/types.js';
import type { ExplainOptions } from './explain-score.js';

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
  /** `--explain`: matched and missing skills per match (docs/explain.md); undefined: off. */
  explain?: ExplainOptions;
  /** Rank inside this vector store (PostgreSQL + pgvector) instead of in process; see score-store.ts. */
  store?: StoreScoreSettings;
  reporter: Reporter;
  write: (chunk: string) => void;
}

export async function scoreCommand(options: ScoreOptions): Promise<ScoreReport> {
  const thresholds = validateThresholds(options.thresholds);
  checkStdinUsedOnce([
    { what: 'candidates', path: options.candidates },
    { what: 'jobs', path: options.jobs },
  ]);
  // Cosine similarity is at most 1, so such a floor keeps nothing; said, not refused (scripts may sweep it).
  if (options.minScore !== undefined && options.minScore > 1) {
    options.reporter.notice(`note: --min-score ${options.minScore} is above 1, the highest cosine similarity: no match will be listed`);
  }
  if (options.selectThreshold !== undefined && !Number.isFinite(options.selectThreshold)) {
    throw new UsageError(`--select-threshold must be a number, got ${options.selectThreshold}`);
  }
  await checkOutputTargets(
    [
      { what: '--output', path: options.output },
      { what: '--matrix', path: options.matrix },
    ],
    [
      { what: 'the candidates file', path: options.candidates },
      { what: 'the jobs file', path: options.jobs },
      { what: 'the --skills file', path: options.explain?.skills },
    ],
  );
  if (options.store !== undefined) {
    if (options.explain !== undefined || options.format === 'html') {
      throw new UsageError(`${options.explain !== undefined ? '--explain' : '--format html'} works on the in-process ranking only, not with --store`);
    }
    return scoreWithStore(options, thresholds, options.store);
  }
  // Loaded only with --explain, so a plain score run never pays for the skills matcher.
  const explainer = options.explain === undefined ? undefined : await import('./explain-score.js');
  if (options.explain !== undefined) explainer?.checkExplainOptions(options.explain);
  const model = await resolveModel(options.model, { reporter: options.reporter });
  const html = options.format === 'html';
  const keepRecords = options.explain !== undefined || html;
  const candidates = await loadTexts(options.candidates, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns, keepRecords });
  const jobs = await loadTexts(options.jobs, { kind: 'job', format: options.inputFormat, columns: options.jobColumns, keepRecords });
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
  const heatmap = html ? new HeatmapSample(cand.count, job.count) : undefined;
  try {
    await forEachSimilarityBlock(cand.vectors, cand.count, job.vectors, job.count, embedded.dim, async (rowStart, rowCount, block) => {
      distribution.add(block);
      groups.addBlock(rowStart, rowCount, block);
      heatmap?.addBlock(rowStart, rowCount, block);
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
    if (explainer !== undefined && options.explain !== undefined) {
      report.explain = await explainer.explainMatches(report.matches, {
        options: options.explain,
        model,
        dim: options.dim,
        batchSize: options.batchSize,
        threads: options.threads,
        cache: options.cache,
        reporter: options.reporter,
        candidates: candidates.records as Candidate[],
        jobs: jobs.records as Job[],
      });
    }
    const context = html ? htmlContext(candidates.ids, jobs, options, heatmap) : undefined;
    await writeOutput(options.output, renderReport(report, options.format, context), options.write);
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

function htmlContext(candidateIds: readonly string[], jobs: LoadedTexts, options: ScoreOptions, heatmap: HeatmapSample | undefined): ScoreHtmlContext {
  const titles = new Map<string, string>();
  for (const job of (jobs.records ?? []) as Job[]) if (job.title !== undefined) titles.set(job.id, job.title);
  return { candidateIds, jobIds: jobs.ids, jobTitles: titles, top: options.top, thresholds: options.thresholds, heatmap: heatmap?.result() };
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
      const match: Match = { job: job as string, candidate: candidate as string, score, rank: i + 1, label: labelFor(score, thresholds) };
      if (selectThreshold !== undefined) match.decision = decide(score, selectThreshold);
      matches.push(match);
    });
  }
  return matches;
}
