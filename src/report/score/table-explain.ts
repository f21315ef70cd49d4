/** The `--explain` lines of the score table: a job's skills under its header, and per match what it shows. */
import type { ExplainedSkill, MatchExplanation } from '../../explain/explanation.js';
import type { ScoreExplanation } from './score-report.js';

/** Skills listed per line before "… and N more". */
const SHOWN = 12;

/**
 * `  skills: Python programming (core), SQL (contextual)`, or `  skills: none found`.
 *
 * @example jobSkillLines(explain, 'j1', (t) => t) // ['  skills: Python programming (core, description+title)']
 */
export function jobSkillLines(explain: ScoreExplanation, job: string, show: (text: string) => string): string[] {
  const skills = explain.jobs.find((j) => j.job === job)?.skills ?? [];
  if (skills.length === 0) return ['  skills: none found'];
  return [`  skills: ${list(skills.map((s) => `${show(s.label)} (${s.weight}, ${s.sources.join('+')})`))}`];
}

/** `        coverage 0.667  matched: A, B  missing: C` under a match row. */
export function explanationLines(e: MatchExplanation, show: (text: string) => string): string[] {
  const coverage = e.coverage === null ? 'n/a' : e.coverage.toFixed(3);
  const names = (skills: readonly ExplainedSkill[]): string => (skills.length === 0 ? '-' : list(skills.map((s) => show(s.label))));
  return [`        coverage ${coverage}  matched: ${names(e.matched)}  missing: ${names(e.missing)}`];
}

function list(items: readonly string[]): string {
  const head = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${head} and ${items.length - SHOWN} more` : head;
}
