/**
 * A job's skills, found two ways and merged: the skills whose labels the description states
 * (longest phrase match, so "machine learning" is not also "learning"), and the top skills
 * `rerank` gives for the job title. Weights (docs/explain.md):
 *
 * - stated in the description: core (the ad asks for it in words);
 * - from the title only: the cross-encoder's class (core or contextual; "irrelevant" ones are
 *   dropped); without a cross-encoder, contextual (a cosine alone is weak evidence).
 */
import { longestHits, type SkillHit, type SkillMatcher } from './skill-matcher.js';
import { MAX_EVIDENCE, type Evidence, type JobSkill, type SkillWeight } from './explanation.js';

/** A skill `rerank` listed for a job title; weight null means the cross-encoder called it irrelevant. */
export interface TitleSkill {
  skill: number;
  rank: number;
  score: number;
  predicted?: string;
  weight: SkillWeight | null;
}

export interface SkillRef {
  id: string;
  label: string;
}

/**
 * Merges description matches and title skills into one list, best first: skills found both
 * ways, then description-only (more mentions first, then earlier), then title-only (by rank);
 * core before contextual within each.
 *
 * @example
 * const skills = jobSkills(matcher, corpus, 'We need Python and SQL.', []);
 * skills.map((s) => s.label); // ['Python programming', 'SQL databases']
 */
export function jobSkills(matcher: SkillMatcher, corpus: readonly SkillRef[], description: string | undefined, title: readonly TitleSkill[]): JobSkill[] {
  const stated = new Map<number, Evidence[]>();
  const mentions = new Map<number, number>();
  if (description !== undefined) {
    for (const hit of longestHits(matcher.match(description))) {
      mentions.set(hit.skill, (mentions.get(hit.skill) ?? 0) + 1);
      const spans = stated.get(hit.skill) ?? [];
      if (spans.length < MAX_EVIDENCE) spans.push(evidenceOf('description', description, hit));
      stated.set(hit.skill, spans);
    }
  }
  const byTitle = new Map(title.filter((t) => t.weight !== null || stated.has(t.skill)).map((t) => [t.skill, t]));
  const all = new Set([...stated.keys(), ...byTitle.keys()]);
  const out: Array<JobSkill & { order: number[] }> = [];
  for (const skill of all) {
    const ref = corpus[skill] as SkillRef;
    const t = byTitle.get(skill);
    const evidence = stated.get(skill) ?? [];
    const inText = evidence.length > 0;
    const weight: SkillWeight = inText ? 'core' : (t?.weight ?? 'contextual');
    const entry: JobSkill & { order: number[] } = {
      id: ref.id,
      label: ref.label,
      weight,
      sources: [...(inText ? (['description'] as const) : []), ...(t === undefined ? [] : (['title'] as const))],
      evidence,
      order: [inText && t !== undefined ? 0 : inText ? 1 : 2, weight === 'core' ? 0 : 1, -(mentions.get(skill) ?? 0), evidence[0]?.start ?? 0, t?.rank ?? 0, skill],
    };
    if (t !== undefined) entry.title = t.predicted === undefined ? { rank: t.rank, score: t.score } : { rank: t.rank, score: t.score, predicted: t.predicted };
    out.push(entry);
  }
  out.sort((a, b) => compareKeys(a.order, b.order));
  return out.map(({ order: _order, ...rest }) => rest);
}

/** A hit as evidence of `field`, with the original text of the span. */
export function evidenceOf(field: Evidence['field'], text: string, hit: SkillHit, index?: number): Evidence {
  const span = { start: hit.start, end: hit.end, text: text.slice(hit.start, hit.end) };
  return index === undefined ? { field, ...span } : { field, index, ...span };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}
