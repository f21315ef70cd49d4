/** The `--explain` fields of score's json and jsonl outputs (documented in docs/output.md). */
import type { Evidence, JobSkill, MatchExplanation } from '../../explain/explanation.js';
import type { ScoreExplanation } from './score-report.js';

/**
 * The keys a match object gains: coverage (6 decimals, null for a job without skills),
 * matched_skills with their evidence, missing_skills.
 *
 * @example
 * matchExplanationJson(e) // { coverage: 0.5, matched_skills: [{ skill_id: 's1', skill: 'Python', weight: 'core', evidence: [...] }], missing_skills: [...] }
 */
export function matchExplanationJson(e: MatchExplanation): Record<string, unknown> {
  return {
    coverage: e.coverage === null ? null : e.coverage,
    matched_skills: e.matched.map((s) => ({ skill_id: s.id, skill: s.label, weight: s.weight, evidence: s.evidence.map(evidenceJson) })),
    missing_skills: e.missing.map((s) => ({ skill_id: s.id, skill: s.label, weight: s.weight })),
  };
}

/** The top-level keys the json document gains: `explain` (settings) and `job_skills`. */
export function explainJson(explain: ScoreExplanation): Record<string, unknown> {
  const s = explain.settings;
  return {
    explain: { skills_file: s.skillsFile, skills: s.skills, patterns: s.patterns, title_skills: s.titleSkills, retriever: s.retriever, reranker: s.reranker },
    job_skills: explain.jobs.map((j) => ({ job: j.job, title: j.title ?? null, skills: j.skills.map(jobSkillJson) })),
  };
}

function jobSkillJson(s: JobSkill): Record<string, unknown> {
  const o: Record<string, unknown> = { skill_id: s.id, skill: s.label, weight: s.weight, sources: s.sources, evidence: s.evidence.map(evidenceJson) };
  if (s.title !== undefined) {
    o['title_rank'] = s.title.rank;
    o['title_score'] = s.title.score;
    if (s.title.predicted !== undefined) o['predicted'] = s.title.predicted;
  }
  return o;
}

function evidenceJson(e: Evidence): Record<string, unknown> {
  return e.index === undefined ? { field: e.field, start: e.start, end: e.end, text: e.text } : { field: e.field, index: e.index, start: e.start, end: e.end, text: e.text };
}
