/**
 * The result of `resumator score`: what every renderer (table, csv, jsonl, json) prints.
 * The JSON layout is documented in docs/output.md and kept stable.
 */

import type { HistogramBin, ScoreStats } from '../../metrics/score-distribution.js';
import type { ExplainSettings, JobSkills, MatchExplanation } from '../../explain/explanation.js';

export type { HistogramBin, ScoreStats };

export type MatchLabel = 'good' | 'mid' | 'bad';

/** `score --select-threshold T`: SELECTED when score >= T (as `eval classify` decides). */
export type MatchDecision = 'SELECTED' | 'REJECTED';

export interface Match {
  job: string;
  candidate: string;
  score: number;
  /** 1-based rank within its group (per job, or per candidate with `--per candidate`). */
  rank: number;
  label: MatchLabel;
  /** Only with `--select-threshold`. */
  decision?: MatchDecision;
  /** Only with `--explain`: matched and missing job skills, coverage, evidence. */
  explanation?: MatchExplanation;
}

/** `score --explain`: the run's settings, each reported job's skills, and the texts evidence points into. */
export interface ScoreExplanation {
  settings: ExplainSettings;
  jobs: JobSkills[];
  /** Resume text of each reported candidate (the HTML report highlights evidence in it). */
  resumes: ReadonlyMap<string, string>;
}

export interface ScoreReport {
  /** Model identity: directory path or Hub id. */
  model: string;
  /** Embedding dimension used (after Matryoshka truncation). */
  dim: number;
  /** How matches are grouped. */
  per: 'job' | 'candidate';
  matches: Match[];
  stats: ScoreStats;
  histogram: HistogramBin[];
  /** How many texts were cut to the model's max_seq_length. */
  truncated: { candidates: number; jobs: number };
  /** `--select-threshold`, when given: every match then carries a decision. */
  selectThreshold?: number;
  /** `--explain`, when given: every match then carries an explanation. */
  explain?: ScoreExplanation;
  /**
   * Only with `score --store`: the ranking ran inside PostgreSQL, and `stats` and `histogram`
   * cover the kept matches only (no N x M scores are computed).
   */
  store?: StoreSearchSummary;
}

export interface StoreSearchSummary {
  search: 'exact' | 'hnsw';
  /** Matches asked for per group (--top). */
  k: number;
  /** hnsw.ef_search used (HNSW only). */
  efSearch?: number;
  /** HNSW only: the share of the exact top K the index returned, over `groups` groups searched both ways. */
  recall?: { value: number; groups: number };
}
