/**
 * The hand-labelled job descriptions of fixtures/explain/labelled-jobs.jsonl and the
 * precision/recall of the description matching against them (used by the quality test and by
 * `npm run eval:explain`).
 */
import { readFileSync } from 'node:fs';
import { jobSkills } from '../../src/explain/job-skills.js';
import type { SkillMatcher } from '../../src/explain/skill-matcher.js';
import { fixture } from './paths.js';

export interface LabelledJob {
  /** 0-based data row of ../shared/data/jobs/job_descriptions.csv. */
  row: number;
  title: string;
  description: string;
  /** The ESCO skills the description states, marked by hand. */
  skills: Array<{ uri: string; label: string }>;
}

export function readLabelledJobs(): LabelledJob[] {
  return readFileSync(fixture('explain', 'labelled-jobs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LabelledJob);
}

export interface ExtractionScores {
  predicted: number;
  correct: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
  macroPrecision: number;
  macroRecall: number;
  /** Labels predicted but not marked, most frequent first. */
  falsePositives: Array<[string, number]>;
  /** Labels marked but not predicted, most frequent first. */
  falseNegatives: Array<[string, number]>;
}

/** Micro and per-job precision/recall of `jobSkills` (description only) against the marked skills. */
export function extractionScores(matcher: SkillMatcher, skills: ReadonlyArray<{ id: string; label: string }>, jobs: readonly LabelledJob[]): ExtractionScores {
  let predicted = 0;
  let correct = 0;
  let gold = 0;
  let precisionSum = 0;
  let precisionJobs = 0;
  let recallSum = 0;
  let recallJobs = 0;
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  for (const job of jobs) {
    const found = jobSkills(matcher, skills, job.description, []);
    const marked = new Map(job.skills.map((s) => [s.uri, s.label]));
    const hits = found.filter((s) => marked.has(s.id)).length;
    predicted += found.length;
    correct += hits;
    gold += marked.size;
    if (found.length > 0) {
      precisionSum += hits / found.length;
      precisionJobs++;
    }
    if (marked.size > 0) {
      recallSum += hits / marked.size;
      recallJobs++;
    }
    for (const s of found) if (!marked.has(s.id)) fp.set(s.label, (fp.get(s.label) ?? 0) + 1);
    const foundIds = new Set(found.map((s) => s.id));
    for (const [uri, label] of marked) if (!foundIds.has(uri)) fn.set(label, (fn.get(label) ?? 0) + 1);
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const byCount = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    predicted,
    correct,
    gold,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    macroPrecision: precisionJobs === 0 ? 0 : precisionSum / precisionJobs,
    macroRecall: recallJobs === 0 ? 0 : recallSum / recallJobs,
    falsePositives: byCount(fp),
    falseNegatives: byCount(fn),
  };
}
