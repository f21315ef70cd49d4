/**
 * `resumator eval pairs`: judged (candidate, job) pairs -> system scores (embedded with the
 * score pipeline, or read from a file) -> the Resumator v2 card's metrics, with CI gates.
 */
import { InputError, UsageError } from '../errors.js';
import { emitEvalReport, type EvalFormat } from '../report/eval/eval-output.js';
import { parseGates } from '../eval/gates.js';
import { pairKeyOf, readPairs, readSystemScores, type JudgedPair } from '../eval/pairs-file.js';
import { renderPairsReport, type PairsReport } from '../report/eval/pairs.js';
import { renderPairsHtml } from '../report/html/eval-html.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { CARD_BANDS, type GoldBands } from '../metrics/pair-metrics.js';
import { evaluatePairs, PAIR_METRIC_NAMES } from '../metrics/pair-evaluation.js';
import { resolveModel } from '../sources/resolve-model.js';
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import { checkOutputTargets } from '../output/output-targets.js';
import { ScoreDistribution } from '../metrics/score-distribution.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { embedSets } from '../embed/embed-sets.js';
import { loadTexts } from './load-texts.js';
import type { Reporter } from '../reporter.js';

export interface EvalPairsOptions {
  pairs: string;
  pairColumns?: ColumnOverrides;
  /** Precomputed system scores (candidate, job, score); excludes `model`. */
  scores?: string;
  /** Model directory: embed candidates and jobs exactly as `score` does. */
  model?: string;
  candidates?: string;
  jobs?: string;
  dim?: number;
  batchSize: number;
  threads?: number;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: ColumnOverrides;
  jobColumns?: ColumnOverrides;
  bands?: GoldBands;
  gates: readonly string[];
  format: EvalFormat;
  output?: string;
  /** Embedding cache file (docs/cache.md); undefined: none. */
  cache?: string;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** Evaluates, writes the report, then enforces the gates (GateError after writing). */
export async function evalPairsCommand(options: EvalPairsOptions): Promise<PairsReport> {
  const gates = parseGates(options.gates, PAIR_METRIC_NAMES);
  const bands = options.bands ?? CARD_BANDS;
  if (!(bands.bad < bands.good)) throw new UsageError(`gold bands: bad (${bands.bad}) must be lower than good (${bands.good})`);
  if ((options.scores === undefined) === (options.model === undefined)) {
    throw new UsageError('give exactly one system: --model DIR (embeds with the score pipeline) or --scores FILE (precomputed candidate,job,score)');
  }
  if (options.model !== undefined && (options.candidates === undefined || options.jobs === undefined)) {
    throw new UsageError('--model needs --candidates FILE and --jobs FILE: the pairs file holds ids, these hold the texts to embed');
  }
  const inputs = [
    { what: 'the pairs file', path: options.pairs },
    { what: 'the --scores file', path: options.scores },
    { what: 'the --candidates file', path: options.candidates },
    { what: 'the --jobs file', path: options.jobs },
  ];
  checkStdinUsedOnce(inputs);
  await checkOutputTargets([{ what: '--output', path: options.output }], inputs);
  const pairs = await readPairs(options.pairs, { columns: options.pairColumns, format: options.inputFormat });
  const system = options.scores !== undefined ? await scoresFromFile(pairs, options.scores, options) : await scoresFromModel(pairs, options);

  const gold = Float64Array.from(pairs, (p) => p.gold);
  const evaluation = evaluatePairs(gold, system.scores, pairs.map((p) => p.candidate), bands);
  const distribution = new ScoreDistribution();
  distribution.add(system.scores);
  const report: PairsReport = {
    pairsFile: options.pairs,
    system: system.identity,
    count: pairs.length,
    bands,
    evaluation,
    histogram: distribution.histogram(),
    gates: [],
  };
  if (options.format === 'html') report.points = { gold, scores: system.scores, candidates: pairs.map((p) => p.candidate), jobs: pairs.map((p) => p.job) };
  report.gates = await emitEvalReport(
    evaluation.metrics,
    gates,
    (results, format) => (format === 'html' ? renderPairsHtml({ ...report, gates: results }) : renderPairsReport({ ...report, gates: results }, format)),
    options,
  );
  return report;
}

interface SystemScores {
  scores: Float64Array;
  identity: PairsReport['system'];
}

async function scoresFromFile(pairs: readonly JudgedPair[], file: string, options: EvalPairsOptions): Promise<SystemScores> {
  const byPair = await readSystemScores(file, { format: options.inputFormat });
  const scores = new Float64Array(pairs.length);
  pairs.forEach((p, i) => {
    const s = byPair.get(pairKeyOf(p.candidate, p.job));
    if (s === undefined) {
      throw new InputError(`no system score for (candidate '${p.candidate}', job '${p.job}') in ${file}`, { file: p.source.file, line: p.source.line });
    }
    scores[i] = s;
  });
  return { scores, identity: { scores: file } };
}

/** Cosine of every judged pair, computed by the same block product `score` uses. */
async function scoresFromModel(pairs: readonly JudgedPair[], options: EvalPairsOptions): Promise<SystemScores> {
  const model = await resolveModel(options.model, { reporter: options.reporter });
  const candidates = await loadTexts(options.candidates!, { kind: 'candidate', blind: options.blind, format: options.inputFormat, columns: options.candidateColumns });
  const jobs = await loadTexts(options.jobs!, { kind: 'job', format: options.inputFormat, columns: options.jobColumns });
  const candIndex = indexOf(candidates.ids);
  const jobIndex = indexOf(jobs.ids);
  // Embed only what the pairs use, in first-use order.
  const usedCands = new Map<number, number>();
  const usedJobs = new Map<number, number>();
  const refs = pairs.map((p) => {
    const c = lookup(candIndex, p, 'candidate', options.candidates!);
    const j = lookup(jobIndex, p, 'job', options.jobs!);
    if (!usedCands.has(c)) usedCands.set(c, usedCands.size);
    if (!usedJobs.has(j)) usedJobs.set(j, usedJobs.size);
    return { c: usedCands.get(c)!, j: usedJobs.get(j)! };
  });
  const embedded = await embedSets(
    model,
    [
      { label: 'candidates', texts: [...usedCands.keys()].map((i) => candidates.texts[i]!) },
      { label: 'jobs', texts: [...usedJobs.keys()].map((i) => jobs.texts[i]!) },
    ],
    { dim: options.dim, batchSize: options.batchSize, threads: options.threads, reporter: options.reporter, cache: options.cache },
  );
  const [cand, job] = embedded.sets as [(typeof embedded.sets)[0], (typeof embedded.sets)[0]];
  const byCandidate: Array<Array<{ pair: number; job: number }>> = Array.from({ length: cand.count }, () => []);
  refs.forEach((r, pair) => byCandidate[r.c]!.push({ pair, job: r.j }));
  const scores = new Float64Array(pairs.length);
  await forEachSimilarityBlock(cand.vectors, cand.count, job.vectors, job.count, embedded.dim, (rowStart, rowCount, block) => {
    for (let r = 0; r < rowCount; r++) for (const { pair, job: j } of byCandidate[rowStart + r]!) scores[pair] = block[r * job.count + j]!;
  });
  if (cand.truncated + job.truncated > 0) {
    options.reporter.notice(`note: ${cand.truncated} candidate and ${job.truncated} job texts were longer than the model's max_seq_length and were truncated`);
  }
  return { scores, identity: { model: model.name, dim: embedded.dim } };
}

function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

function lookup(index: Map<string, number>, pair: JudgedPair, kind: 'candidate' | 'job', file: string): number {
  const i = index.get(pair[kind]);
  if (i === undefined) throw new InputError(`${kind} '${pair[kind]}' is not in ${file}`, { file: pair.source.file, line: pair.source.line, field: kind });
  return i;
}
