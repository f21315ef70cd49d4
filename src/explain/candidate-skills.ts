/**
 * Which of a job's skills a candidate shows: the same phrase matching over the resume (every
 * occurrence counts, nested ones included: a resume saying "SQL databases" shows "SQL" too) and
 * over each entry of the Skills field. The candidate's hits are computed once and reused for
 * every job the candidate is reported against.
 */
import type { SkillMatcher } from './skill-matcher.js';
import { evidenceOf } from './job-skills.js';
import { MAX_EVIDENCE, WEIGHT_VALUE, type Evidence, type JobSkill, type MatchExplanation } from './explanation.js';

/** A candidate's evidence per skill id: Skills-field entries first, then resume spans in text order. */
export type CandidateSkills = ReadonlyMap<string, readonly Evidence[]>;

/**
 * @example
 * const shown = candidateSkills(matcher, corpus, { resume: 'Wrote Python daily.', skills: ['SQL'] });
 * shown.get('s1'); // [{ field: 'resume', start: 6, end: 12, text: 'Python' }]
 */
export function candidateSkills(
  matcher: SkillMatcher,
  corpus: readonly { id: string }[],
  candidate: { resume: string; skills: readonly string[] },
): CandidateSkills {
  const shown = new Map<string, Evidence[]>();
  const add = (skill: number, evidence: Evidence): void => {
    const id = (corpus[skill] as { id: string }).id;
    const spans = shown.get(id) ?? [];
    const last = spans[spans.length - 1];
    // Two labels of one skill on one stretch ("python development" and "python") are one mention: the longer, which comes first.
    const overlaps = last !== undefined && last.field === evidence.field && last.index === evidence.index && evidence.start < last.end;
    if (!overlaps && spans.length < MAX_EVIDENCE) spans.push(evidence);
    shown.set(id, spans);
  };
  candidate.skills.forEach((entry, index) => {
    for (const hit of matcher.match(entry)) add(hit.skill, evidenceOf('skills', entry, hit, index));
  });
  for (const hit of matcher.match(candidate.resume)) add(hit.skill, evidenceOf('resume', candidate.resume, hit));
  return shown;
}

/**
 * Matched and missing job skills with the coverage: the weight of the matched skills over the
 * weight of all of them (core 2, contextual 1), null for a job without skills.
 *
 * @example
 * explainMatch(jobSkills, shown) // { coverage: 0.666667, matched: [...], missing: [...] }
 */
export function explainMatch(skills: readonly JobSkill[], shown: CandidateSkills): MatchExplanation {
  const matched: MatchExplanation['matched'] = [];
  const missing: MatchExplanation['missing'] = [];
  let total = 0;
  let got = 0;
  for (const s of skills) {
    const weight = WEIGHT_VALUE[s.weight];
    total += weight;
    const evidence = shown.get(s.id);
    if (evidence === undefined) {
      missing.push({ id: s.id, label: s.label, weight: s.weight });
    } else {
      got += weight;
      matched.push({ id: s.id, label: s.label, weight: s.weight, evidence: [...evidence] });
    }
  }
  return { coverage: total === 0 ? null : got / total, matched, missing };
}
