/**
 * `resumator score CANDIDATES JOBS --store URL`: both files are brought into the vector store
 * (only new or changed records are embedded), then the top K of each group is found inside
 * PostgreSQL, exactly or with an HNSW index (--ann, its recall against exact search measured
 * on a sample of groups), and streamed out in the usual formats.
 *
 * The ranking covers the files' records only, also when the store holds more (other files,
 * other shards). Stats and histogram cover the kept matches, not all N x M scores: computing
 * those is exactly what the store exists to avoid. --matrix is refused for the same reason.
 */
import { UsageError } from '../errors.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { decide } from '../metrics/classification.js';
import { ScoreDistribution } from '../metrics/score-distribution.js';
import { modelIdentity } from '../embed/model-identity.js';
import { checkOutputTarget } from '../output/atomic-write.js';
import { labelFor, type LabelThresholds } from '../report/labels.js';
import type { OutputFormat } from '../report/score/render.js';
import { roundScore } from '../report/round-score.js';
import type { Match, ScoreReport } from '../report/score/score-report.js';
import type { Reporter } from '../reporter.js';
import type { GroupBy } from '../similarity/top-k.js';
import { resolveModel } from '../sources/resolve-model.js';
import { openVectorStore, type NeighbourSearch, type StoreSettings } from '../store/vector-store.js';
import { loadTexts, type LoadedTexts } from './load-texts.js';
import { openMatchStream } from './match-stream.js';
import { describeSync, runDimension, syncIntoStore } from './store-sync.js';

export interface StoreScoreSettings extends StoreSettings {
  /** HNSW index instead of exact search. */
  ann: boolean;
  efSearch?: number;
  /** Groups also searched exactly to report the HNSW recall (0: none). */
  annCheck: number;
}

/** The score options this path reads (scoreCommand passes its own). */
export interface StoreScoreOptions {
  candidates: string;
  jobs: string;
  model: string | undefined;
  dim?: number;
  batchSize: number;
  threads?: number;
  cache?: string;
  top: number;
  per: GroupBy;
  minScore?: number;
  selectThreshold?: number;
  format: OutputFormat;
  output?: string;
  matrix?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: ColumnOverrides;
  jobColumns?: ColumnOverrides;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** Default number of groups searched both ways when --ann reports its recall. */
export const DEFAULT_ANN_CHECK = 20;

export async function scoreWithStore(options: StoreScoreOptions, thresholds: LabelThresholds, settings: StoreScoreSettings): Promise<ScoreReport> {
  if (options.matrix !== undefined) {
    throw new UsageError('--matrix needs every candidate x job score, which --store exists not to compute: leave out --store to write a matrix (in-process), or --matrix to rank inside PostgreSQL');
  }
  if (options.output !== undefined) await checkOutputTarget(options.output);
  const { reporter } = options;
  const model = await resolveModel(options.model, { reporter });
  const candidates = await loadTexts(options.candidates, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns });
  const jobs = await loadTexts(options.jobs, { kind: 'job', format: options.inputFormat, columns: options.jobColumns });
  const dim = await runDimension(model, options.dim, options.threads);
  const identity = await modelIdentity(model, options.cache);
  const store = await openVectorStore(settings, (notice) => reporter.notice(`store: ${notice}`));
  try {
    await store.prepare(dim, settings.type);
    const modelId = await store.model(identity);
    const embedding = { dim, batchSize: options.batchSize, threads: options.threads, reporter, cache: options.cache };
    const cand = await syncIntoStore(store, model, { kind: 'candidate', label: 'candidates', ...candidates, sourceFile: options.candidates, modelId }, embedding);
    const job = await syncIntoStore(store, model, { kind: 'job', label: 'jobs', ...jobs, sourceFile: options.jobs, modelId }, embedding);
    reporter.notice(`store: ${describeSync('candidates', cand)}; ${describeSync('jobs', job)} in ${store.where}`);

    const [groups, items] = options.per === 'job' ? [jobs, candidates] : [candidates, jobs];
    // After the sync the store holds every item of the run; more means other files' rows too.
    const inStore = await store.count(options.per === 'job' ? 'candidate' : 'job', modelId);
    const search = await store.search(modelId, {
      groupKind: options.per,
      k: options.top,
      ann: settings.ann,
      efSearch: settings.efSearch,
      scope: inStore === items.ids.length ? undefined : items.ids,
      onIndexBuild: (message) => reporter.notice(`store: ${message}`),
    });
    const summary = { search: settings.ann ? ('hnsw' as const) : ('exact' as const), k: options.top, ...(search.efSearch === undefined ? {} : { efSearch: search.efSearch }) };
    const base: ScoreReport = {
      model: model.name,
      dim,
      per: options.per,
      matches: [],
      stats: new ScoreDistribution().stats(),
      histogram: [],
      truncated: { candidates: cand.truncated, jobs: job.truncated },
      store: summary,
    };
    if (options.selectThreshold !== undefined) base.selectThreshold = options.selectThreshold;
    const out = await openMatchStream(options.format, options.output, options.write, base);
    try {
      const ranked = await rankGroups(search, groups, items, options, thresholds, settings, (matches) => out.add(matches));
      const distribution = new ScoreDistribution();
      distribution.add(ranked.scores);
      const report: ScoreReport = { ...base, matches: ranked.matches, stats: distribution.stats(), histogram: distribution.histogram() };
      if (ranked.recall !== undefined) {
        report.store = { ...summary, recall: ranked.recall };
        reporter.notice(`store: HNSW recall@${options.top} ${ranked.recall.value.toFixed(3)} against exact search on ${ranked.recall.groups} of ${groups.ids.length} ${options.per}s (ef_search ${search.efSearch}; --ef-search raises it)`);
      }
      await out.finish(report);
      // As without --store: the table carries this note, machine formats get it on stderr.
      if (cand.truncated + job.truncated > 0 && options.format !== 'table') {
        reporter.notice(`note: ${cand.truncated} candidate and ${job.truncated} job texts were longer than the model's max_seq_length and were truncated`);
      }
      return report;
    } catch (err) {
      await out.abort();
      throw err;
    }
  } finally {
    await store.close();
  }
}

interface Ranked {
  matches: Match[];
  /** The matches' unrounded scores, for the distribution. */
  scores: number[];
  recall?: { value: number; groups: number };
}

/** One store query per group, in input order; ties within a group go by input position. */
async function rankGroups(
  search: NeighbourSearch,
  groups: LoadedTexts,
  items: LoadedTexts,
  options: StoreScoreOptions,
  thresholds: LabelThresholds,
  settings: StoreScoreSettings,
  emit: (matches: Match[]) => Promise<void>,
): Promise<Ranked> {
  const position = new Map(items.ids.map((id, i) => [id, i]));
  const checked = settings.ann ? sampleGroups(groups.ids.length, settings.annCheck) : new Set<number>();
  const minScore = options.minScore ?? -Infinity;
  const matches: Match[] = [];
  const scores: number[] = [];
  let found = 0;
  let expected = 0;
  const bar = options.reporter.progress('ranking in the store', groups.ids.length);
  try {
    for (let g = 0; g < groups.ids.length; g++) {
      const groupId = groups.ids[g]!;
      const nearest = await search.nearest(groupId);
      const neighbours = nearest
        .filter((n) => n.score >= minScore && position.has(n.id))
        .sort((a, b) => b.score - a.score || position.get(a.id)! - position.get(b.id)!);
      const group = neighbours.map((n, i): Match => {
        const [job, candidate] = options.per === 'job' ? [groupId, n.id] : [n.id, groupId];
        const match: Match = { job, candidate, score: roundScore(n.score), rank: i + 1, label: labelFor(n.score, thresholds) };
        if (options.selectThreshold !== undefined) match.decision = decide(n.score, options.selectThreshold);
        return match;
      });
      if (checked.has(g)) {
        const exact = await search.exact(groupId);
        const approx = new Set(nearest.map((n) => n.id));
        expected += exact.length;
        found += exact.filter((n) => approx.has(n.id)).length;
      }
      matches.push(...group);
      for (const n of neighbours) scores.push(n.score);
      await emit(group);
      bar.update(g + 1);
    }
  } finally {
    bar.stop();
  }
  return checked.size === 0 ? { matches, scores } : { matches, scores, recall: { value: expected === 0 ? 1 : found / expected, groups: checked.size } };
}

/** `n` group positions spread evenly over `count` groups (all of them when n >= count). */
function sampleGroups(count: number, n: number): Set<number> {
  const picked = new Set<number>();
  const take = Math.min(count, Math.max(0, Math.floor(n)));
  for (let i = 0; i < take; i++) picked.add(Math.floor(((i + 0.5) * count) / take));
  return picked;
}
