/** Machine-readable output: the whole report as JSON, or one JSON object per match (jsonl). */
import type { HistogramBin, Match, ScoreReport, ScoreStats, StoreSearchSummary } from './score-report.js';
import { explainJson, matchExplanationJson } from './explain-json.js';

/**
 * The full report, pretty-printed (2 spaces), keys always in the documented order: model, dim,
 * per, matches, stats, histogram, truncated, then select_threshold, the explanation keys and
 * store only when given. Numbers are written at full precision (src/report/round-score.ts);
 * only tables round.
 *
 * @example
 * renderJson(report) // '{\n  "model": "...",\n  "dim": 384,\n  ...}\n'
 */
export function renderJson(report: ScoreReport): string {
  const ordered = {
    model: report.model,
    dim: report.dim,
    per: report.per,
    matches: report.matches.map(matchObject),
    stats: statsObject(report.stats),
    histogram: report.histogram.map(binObject),
    truncated: { candidates: report.truncated.candidates, jobs: report.truncated.jobs },
    ...(report.selectThreshold === undefined ? {} : { select_threshold: report.selectThreshold }),
    ...(report.explain === undefined ? {} : explainJson(report.explain)),
    ...(report.store === undefined ? {} : { store: storeObject(report.store) }),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/**
 * One compact JSON object per match and line, `{job, candidate, score, rank, label}`, in
 * report order; nothing else (no stats), so each line stands alone for `jq` or streaming.
 * Empty string when there are no matches.
 *
 * @example
 * renderJsonl(report) // '{"job":"j1","candidate":"c1","score":0.8123456835746765,"rank":1,"label":"good"}\n'
 */
export function renderJsonl(report: ScoreReport): string {
  return report.matches.map((m) => JSON.stringify(matchObject(m)) + '\n').join('');
}

function matchObject(m: Match): object {
  const out: Match = { job: m.job, candidate: m.candidate, score: m.score, rank: m.rank, label: m.label };
  if (m.decision !== undefined) out.decision = m.decision;
  // --explain appends its keys after the fixed ones (docs/output.md).
  return m.explanation === undefined ? out : { ...out, ...matchExplanationJson(m.explanation) };
}

function statsObject(s: ScoreStats): ScoreStats {
  return {
    count: s.count,
    mean: s.mean,
    std: s.std,
    min: s.min,
    max: s.max,
    q1: s.q1,
    median: s.median,
    q3: s.q3,
    iqr: s.iqr,
  };
}

/** `score --store` only: how the top K were found, and that stats cover the kept matches. */
function storeObject(s: StoreSearchSummary): Record<string, string | number> {
  return {
    search: s.search,
    stats_over: 'matches',
    ...(s.efSearch === undefined ? {} : { ef_search: s.efSearch }),
    ...(s.recall === undefined ? {} : { recall_at_k: s.recall.value, recall_groups: s.recall.groups }),
  };
}

function binObject(b: HistogramBin): HistogramBin {
  return { from: b.from, to: b.to, count: b.count };
}
