/**
 * `resumator score CANDIDATES JOBS --store URL`: both files are brought into the vector store
 * (only new or changed records are embedded), then the top K of each group is found inside
 * PostgreSQL, exactly or with an HNSW index (--ann, its recall against exact search measured
 * on a sample of groups), and streamed out in the usual formats.
 *
 * The ranking covers the files' records only, also when the store holds more (other files,
 * other shards); CANDIDATES `@store` ranks every stored candidate instead, reading no file. Stats and histogram cover the kept matches, not all N x M scores: computing
 * those is exactly what the store exists to avoid. --matrix is refused for the same reason.
 */
import { UsageError } from '../errors.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { ScoreDistribution } from '../metrics/score-distribution.js';
import { modelIdentity } from '../embed/model-identity.js';
import type { LabelThresholds } from '../report/labels.js';
import type { OutputFormat } from '../report/score/render.js';
import type { ScoreReport } from '../report/score/score-report.js';
import type { Reporter } from '../reporter.js';
import type { GroupBy } from '../similarity/top-k.js';
import { resolveModel } from '../sources/resolve-model.js';
import { openVectorStore, type StoreSettings } from '../store/vector-store.js';
import { loadTexts } from './load-texts.js';
import { openMatchStream } from './match-stream.js';
import { rankGroups } from './store-ranking.js';
import { describeSync, runDimension, syncIntoStore, type SyncResult } from './store-sync.js';

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

/**
 * CANDIDATES value meaning "every candidate the store holds for this model" (written by
 * `embed --store` shards): no candidates file is read, so a 2M-record corpus never has to sit
 * in one process.
 */
export const STORED_CANDIDATES = '@store';

/**
 * scoreCommand with --store: the same report, ranked inside the store.
 *
 * @example
 * await scoreWithStore(options, thresholds, { url, schema: 'resumator', ann: true, annCheck: 20 });
 */
export async function scoreWithStore(options: StoreScoreOptions, thresholds: LabelThresholds, settings: StoreScoreSettings): Promise<ScoreReport> {
  if (options.matrix !== undefined) {
    throw new UsageError('--matrix needs every candidate x job score, which --store exists not to compute: leave out --store to write a matrix (in-process), or --matrix to rank inside PostgreSQL');
  }
  const allStored = options.candidates === STORED_CANDIDATES;
  if (allStored && options.per === 'candidate') throw new UsageError(`${STORED_CANDIDATES} ranks the stored candidates for each job; --per candidate needs a candidates file`);
  const { reporter } = options;
  const model = await resolveModel(options.model, { reporter });
  const candidates = allStored ? undefined : await loadTexts(options.candidates, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns });
  const jobs = await loadTexts(options.jobs, { kind: 'job', format: options.inputFormat, columns: options.jobColumns });
  const dim = await runDimension(model, options.dim, options.threads);
  const identity = await modelIdentity(model, options.cache);
  const store = await openVectorStore(settings, (notice) => reporter.notice(`store: ${notice}`));
  try {
    await store.prepare(dim, settings.type);
    const modelId = await store.model(identity);
    const embedding = { dim, batchSize: options.batchSize, threads: options.threads, reporter, cache: options.cache };
    let cand: SyncResult;
    if (candidates === undefined) {
      const stored = await store.count('candidate', modelId);
      cand = { records: stored.rows, unchanged: stored.rows, embedded: 0, written: 0, truncated: stored.truncated };
    } else {
      cand = await syncIntoStore(store, model, { kind: 'candidate', label: 'candidates', ...candidates, sourceFile: options.candidates, modelId }, embedding);
    }
    const job = await syncIntoStore(store, model, { kind: 'job', label: 'jobs', ...jobs, sourceFile: options.jobs, modelId }, embedding);
    const candNote = candidates === undefined ? `all ${cand.records} stored candidates (${STORED_CANDIDATES})` : describeSync('candidates', cand);
    reporter.notice(`store: ${candNote}; ${describeSync('jobs', job)} in ${store.where}`);

    const groups = options.per === 'job' ? jobs : candidates;
    const items = options.per === 'job' ? candidates : jobs;
    if (groups === undefined) throw new Error(`${STORED_CANDIDATES} with --per candidate is refused above`);
    // After the sync the store holds every item of the run; more means other files' rows too.
    const inStore = items === undefined ? undefined : await store.count(options.per === 'job' ? 'candidate' : 'job', modelId);
    const search = await store.search(modelId, {
      groupKind: options.per,
      k: options.top,
      ann: settings.ann,
      efSearch: settings.efSearch,
      scope: items === undefined || inStore?.rows === items.ids.length ? undefined : items.ids,
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
      const rankSettings = { ...options, thresholds, recallGroups: settings.ann ? settings.annCheck : 0 };
      const ranked = await rankGroups(search, groups.ids, items?.ids, rankSettings, (matches) => out.add(matches));
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
