/**
 * Rendering rerank results: table, csv, jsonl and trec are produced one job at a time (a full
 * ranking of 3,000 titles x 14,000 skills never sits in memory as text); json is one document.
 * Column and key names are listed in docs/rerank.md.
 */
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../errors.js';
import type { JobRanking, RerankInfo, RerankSummary } from '../rerank/pipeline.js';
import type { Skill } from '../rerank/skills.js';

export type RerankFormat = 'table' | 'csv' | 'jsonl' | 'json' | 'trec' | 'html';
export const RERANK_FORMATS: readonly RerankFormat[] = ['table', 'csv', 'jsonl', 'json', 'trec', 'html'];
export const DEFAULT_RUN_TAG = 'resumator';

/** One listed skill with everything the outputs report; stage-2 fields absent beyond the top K. */
export interface RankedSkillRow {
  rank: number;
  skillId: string;
  label: string;
  score: number;
  biScore: number;
  ceScore?: number;
  logits?: Record<string, number>;
  probabilities?: Record<string, number>;
  predicted?: string;
}

/** The i-th entry of a ranking as a plain object (rank is i + 1). */
export function rankedSkill(ranking: JobRanking, i: number, skills: readonly Skill[], info: RerankInfo): RankedSkillRow {
  const skill = skills[ranking.skillIndex[i] as number] as Skill;
  const row: RankedSkillRow = { rank: i + 1, skillId: skill.id, label: skill.label, score: ranking.score[i] as number, biScore: ranking.biScore[i] as number };
  const labels = info.reranker?.labels;
  if (labels === undefined || i >= ranking.reranked) return row;
  const n = labels.length;
  row.ceScore = ranking.ceScore[i] as number;
  row.logits = Object.fromEntries(labels.map((l, c) => [l, ranking.logits[i * n + c] as number]));
  const probs = ranking.probabilities;
  if (probs !== undefined) row.probabilities = Object.fromEntries(labels.map((l, c) => [l, probs[i * n + c] as number]));
  if (ranking.predicted !== undefined) row.predicted = labels[ranking.predicted[i] as number];
  return row;
}

const CSV_OPTIONS = { escape_formulas: true, record_delimiter: 'unix', quote_record_delimiter: true, eof: true } as const;

/** CSV columns: fixed ones, then logit_<label> and p_<label> per class of the reranker. */
export function csvColumns(info: RerankInfo): string[] {
  const labels = info.reranker?.labels ?? [];
  const probs = labels.length > 1 ? labels.map((l) => `p_${l}`) : [];
  return ['job_id', 'job', 'rank', 'skill_id', 'skill', 'score', 'bi_score', 'ce_score', 'predicted', ...labels.map((l) => `logit_${l}`), ...probs];
}

/** The text that starts an output of `format` (CSV header; a note in the table). */
export function renderRerankHeader(format: RerankFormat, info: RerankInfo): string {
  if (format === 'csv') return stringify([csvColumns(info)], CSV_OPTIONS);
  if (format === 'table') return `${describeRun(info)}\n`;
  return '';
}

/** How many of a ranking's rows are printed: the first `top` (rerank --top), else all. */
function shownRows(ranking: JobRanking, top: number | undefined): number {
  return Math.min(top ?? Infinity, ranking.skillIndex.length);
}

/**
 * One job's chunk of output in a streaming format (not json or html: see renderRerankJson,
 * renderRerankHtml); `top`
 * keeps the first rows only (`rerank --top N`).
 */
export function renderRerankJob(
  format: Exclude<RerankFormat, 'json' | 'html'>,
  ranking: JobRanking,
  skills: readonly Skill[],
  info: RerankInfo,
  runTag = DEFAULT_RUN_TAG,
  top?: number,
): string {
  const rows = Array.from({ length: shownRows(ranking, top) }, (_, i) => rankedSkill(ranking, i, skills, info));
  const job = ranking.job;
  switch (format) {
    case 'trec': {
      const q = trecField(job.id, 'job id');
      const tag = trecField(runTag, 'run tag');
      return rows.map((r) => `${q} Q0 ${trecField(r.skillId, 'skill id')} ${r.rank} ${r.score.toFixed(6)} ${tag}\n`).join('');
    }
    case 'jsonl':
      return rows.map((r) => `${JSON.stringify({ job_id: job.id, job: job.title, ...rowObject(r) })}\n`).join('');
    case 'csv': {
      const labels = info.reranker?.labels ?? [];
      const cells = rows.map((r) => [
        // Numbers stay number cells: csv-stringify's formula escaping applies to strings only,
        // so negative scores are not prefixed with a quote.
        job.id, job.title, r.rank, r.skillId, r.label, r.score, r.biScore, r.ceScore ?? '', r.predicted ?? '',
        ...labels.map((l) => r.logits?.[l] ?? ''),
        ...(labels.length > 1 ? labels.map((l) => r.probabilities?.[l] ?? '') : []),
      ]);
      return stringify(cells, CSV_OPTIONS);
    }
    case 'table':
      return renderTableJob(job.id, job.title, rows, ranking.skillIndex.length, info);
  }
}

/** The whole run as one JSON document: models, settings, truncation counts, rankings. */
export function renderRerankJson(summary: RerankSummary, rankings: readonly JobRanking[], skills: readonly Skill[], top?: number): string {
  const doc = {
    models: {
      retriever: summary.retriever.name,
      reranker: summary.reranker?.name ?? null,
    },
    stage2: summary.reranker === undefined ? 'skipped: no --reranker given; ranked by bi-encoder cosine' : 'cross-encoder',
    settings: {
      dim: summary.retriever.dim,
      candidates: summary.candidates,
      search: summary.search,
      alpha: summary.reranker === undefined ? null : summary.alpha,
      ce_score: summary.reranker?.ceScore ?? null,
      labels: summary.reranker?.labels ?? null,
      skill_text: summary.skillText,
      full_ranking: summary.fullRanking,
      top: top ?? null,
    },
    truncated: summary.truncated,
    jobs: rankings.map((r) => ({
      id: r.job.id,
      title: r.job.title,
      skills: Array.from({ length: shownRows(r, top) }, (_, i) => rowObject(rankedSkill(r, i, skills, summary))),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function rowObject(r: RankedSkillRow): Record<string, unknown> {
  const o: Record<string, unknown> = { rank: r.rank, skill_id: r.skillId, skill: r.label, score: r.score, bi_score: r.biScore };
  if (r.ceScore !== undefined) o['ce_score'] = r.ceScore;
  if (r.logits !== undefined) o['logits'] = r.logits;
  if (r.probabilities !== undefined) o['probabilities'] = r.probabilities;
  if (r.predicted !== undefined) o['predicted'] = r.predicted;
  return o;
}

/** TREC files are whitespace-separated, so an id with a space would shift every column. */
function trecField(value: string, what: string): string {
  if (value === '' || /\s/.test(value)) throw new UsageError(`TREC runs need ids without whitespace, but the ${what} '${value}' is empty or has some`);
  return value;
}

function describeRun(info: RerankInfo): string {
  const stage2 =
    info.reranker === undefined
      ? 'stage 2 skipped (no --reranker): ranked by bi-encoder cosine'
      : `reranker ${info.reranker.name} (${info.reranker.labels.join('/')}), top ${info.candidates}, alpha ${info.alpha}, ce-score ${info.reranker.ceScore}`;
  return `retriever ${info.retriever.name} (dim ${info.retriever.dim}); ${stage2}`;
}

function renderTableJob(id: string, title: string, rows: readonly RankedSkillRow[], ranked: number, info: RerankInfo): string {
  const reranked = info.reranker !== undefined;
  const header = reranked ? ['rank', 'score', 'bi', 'ce', 'class', 'skill'] : ['rank', 'score', 'bi', 'skill'];
  const cells = rows.map((r) => {
    const base = [String(r.rank), r.score.toFixed(4), r.biScore.toFixed(4)];
    const stage2 = reranked ? [r.ceScore === undefined ? '' : r.ceScore.toFixed(4), r.predicted ?? ''] : [];
    return [...base, ...stage2, r.label];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const line = (row: readonly string[]): string => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
  const more = ranked > rows.length ? `  (${ranked - rows.length} more ranked: --top N shows more)\n` : '';
  return `\n${title} (${id})\n${line(header)}\n${cells.map(line).join('\n')}\n${more}`;
}
