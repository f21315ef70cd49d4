/** The explanation parts of the HTML score report: skill chips, highlighted evidence, a match's details. */
import type { Evidence, ExplainedSkill, JobSkill, MatchExplanation } from '../../explain/explanation.js';
import { cellNumber, escapeHtml } from './html-text.js';

/** Characters of context shown each side of an evidence span. */
const CONTEXT = 70;

/** A skill as a chip: solid for core, dashed for contextual, red for missing; sources as a hint. */
export function skillChip(skill: ExplainedSkill | JobSkill, missing = false): string {
  const sources = 'sources' in skill ? ` <small>${escapeHtml(skill.sources.join('+'))}</small>` : '';
  const title = `${skill.weight}${'title' in skill && skill.title !== undefined ? `, title rank ${skill.title.rank}${skill.title.predicted === undefined ? '' : ` (${skill.title.predicted})`}` : ''}`;
  return `<span class="skill ${skill.weight}${missing ? ' missing' : ''}" title="${escapeHtml(title)}">${escapeHtml(skill.label)}${sources}</span>`;
}

/** A job's skills as chips, or a note when none were found. */
export function jobSkillsHtml(skills: readonly JobSkill[]): string {
  if (skills.length === 0) return '<p class="note">No skills found for this job (none stated in the description, no title skills).</p>';
  const core = skills.filter((s) => s.weight === 'core').length;
  return `<p><b>Job skills</b> <span class="note">(${core} core, ${skills.length - core} contextual; solid = core, dashed = contextual)</span><br>${skills.map((s) => skillChip(s)).join('')}</p>`;
}

/**
 * One match's explanation: a `<details>` whose summary names it, with matched skills and the
 * resume text around their first resume span highlighted (else their Skills-field entry), and the missing skills; `summary` is HTML.
 */
export function matchDetailsHtml(summary: string, e: MatchExplanation, resume: string | undefined, open = false): string {
  const evidence = e.matched
    .map((s) => {
      // A resume span shows more than a Skills-field entry, so it is the one highlighted when there is one.
      const first = s.evidence.find((e) => e.field === 'resume') ?? s.evidence[0];
      return first === undefined ? '' : `<li>${skillChip(s)} ${evidenceHtml(first, resume)}</li>`;
    })
    .join('');
  const matched = e.matched.length === 0 ? '<p class="note">None of the job\u2019s skills found in the resume or the Skills field.</p>' : `<ul class="evidence">${evidence}</ul>`;
  const missing = e.missing.length === 0 ? '<span class="note">none</span>' : e.missing.map((s) => skillChip(s, true)).join('');
  return [
    `<details${open ? ' open' : ''}><summary>${summary} &middot; coverage ${cellNumber(e.coverage)} &middot; ${e.matched.length} matched, ${e.missing.length} missing</summary>`,
    `<p><b>Matched</b></p>${matched}`,
    `<p><b>Missing</b> ${missing}</p>`,
    '</details>',
  ].join('\n');
}

/** The span in its context, the span itself in `<mark>`; every piece escaped. */
export function evidenceHtml(e: Evidence, resume: string | undefined): string {
  if (e.field !== 'resume' || resume === undefined) return `<span class="note">Skills field:</span> <mark>${escapeHtml(e.text)}</mark>`;
  const from = Math.max(0, e.start - CONTEXT);
  const to = Math.min(resume.length, e.end + CONTEXT);
  const before = (from > 0 ? '\u2026' : '') + resume.slice(from, e.start);
  const after = resume.slice(e.end, to) + (to < resume.length ? '\u2026' : '');
  return `<span class="note">resume ${e.start}\u2013${e.end}:</span> ${escapeHtml(flat(before))}<mark>${escapeHtml(resume.slice(e.start, e.end))}</mark>${escapeHtml(flat(after))}`;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}
