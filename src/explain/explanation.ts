/**
 * What `score --explain` adds to a report: each job's skills and, for each reported match, the
 * skills the candidate's text shows, those it does not, and the weighted coverage. Plain data:
 * the renderers in src/report/ print it (JSON keys in docs/output.md).
 */

/** Core skills weigh more than contextual ones in the coverage. */
export type SkillWeight = 'core' | 'contextual';
export const WEIGHT_VALUE: Readonly<Record<SkillWeight, number>> = Object.freeze({ core: 2, contextual: 1 });

/** Where a job skill was found: phrase matching over the description, or `rerank` for the title. */
export type SkillSource = 'description' | 'title';

/** Which field of a record a span lies in; `skills` spans index one entry of the Skills list. */
export type EvidenceField = 'resume' | 'skills' | 'description';

/** A span of the ORIGINAL field text that names a skill: UTF-16 offsets, end exclusive. */
export interface Evidence {
  field: EvidenceField;
  /** For `skills`: which entry of the candidate's Skills list (0-based). */
  index?: number;
  start: number;
  end: number;
  /** The field text in [start, end). */
  text: string;
}

export interface ExplainedSkill {
  /** The skills file's id (ESCO conceptUri, TalentCLEF c_id, plain id). */
  id: string;
  label: string;
  weight: SkillWeight;
}

/** One skill of a job, with how it was found. */
export interface JobSkill extends ExplainedSkill {
  sources: SkillSource[];
  /** Spans of the job description naming it (first few). */
  evidence: Evidence[];
  /** When `rerank` listed it for the job title: its rank, blended score and predicted class. */
  title?: { rank: number; score: number; predicted?: string };
}

export interface JobSkills {
  job: string;
  title?: string;
  skills: JobSkill[];
}

export interface MatchExplanation {
  /** Weighted share of the job's skills the candidate shows (core 2, contextual 1); null when the job has none. */
  coverage: number | null;
  matched: Array<ExplainedSkill & { evidence: Evidence[] }>;
  missing: ExplainedSkill[];
}

export interface ExplainSettings {
  skillsFile: string;
  /** Skills in the file and distinct patterns compiled from their labels. */
  skills: number;
  patterns: number;
  /** Top skills taken from `rerank` per job title (0: description matching only). */
  titleSkills: number;
  retriever: string | null;
  reranker: string | null;
}

/** Spans kept per skill and field: enough to show and highlight, bounded for long texts. */
export const MAX_EVIDENCE = 3;

/** Skills taken from `rerank` per job title unless `--title-skills` says otherwise. */
export const DEFAULT_TITLE_SKILLS = 10;
