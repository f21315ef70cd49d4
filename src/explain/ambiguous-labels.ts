/**
 * The policy for short, ambiguous and generic one-token labels (docs/explain.md).
 *
 * - AMBIGUOUS: normalisation folds case, so without a rule ESCO's "IT" would match every "it",
 *   "R" the "r" of "R&D" and "Chef" (a configuration tool) every chef. A one-token label whose
 *   normalised form has at most two characters ("C", "R", "C#", "IT", "UX", "HR") or is an
 *   ordinary English word listed below matches only where the text spells it exactly as the
 *   skills file does (case included) and the token is not glued to `&`, `-`, `/` or an
 *   apostrophe ("R&D", "C-suite", "I/O"). Other labels ("SQL", "PHP", "Git") ignore case.
 * - GENERIC: a one-token ALTERNATIVE label that occurs as a token in the labels of
 *   {@link GENERIC_MIN_SKILLS} or more skills of the taxonomy is a building block, not a name:
 *   ESCO lists "data" for statistics, "design" for think creatively and "lead" for lead others.
 *   Such labels are not matched; a one-token PREFERRED label spelled as is ("communication")
 *   still is, but not one that plural folding turned into the common word ("securities").
 */

/** Skills whose labels contain a token for a one-token alternative label of it to count as generic. */
export const GENERIC_MIN_SKILLS = 10;

/**
 * One-token ESCO labels that are also ordinary words in running text ("from scratch", "less
 * than", "a chef"); found by matching ESCO over ../shared's job descriptions and resumes and
 * reading the most frequent one-token hits (see docs/explain.md). Normalised forms.
 */
const AMBIGUOUS_WORDS: ReadonlySet<string> = new Set([
  'ada', 'ant', 'assembly', 'chef', 'etc', 'excel', 'go', 'google', 'ics', 'less', 'pig', 'pos', 'pow', 'puppet',
  'rust', 'salt', 'scratch', 'sem', 'ski', 'spark', 'swift', 'tec', 'tie', 'toc', 'unity',
]);

/** Whether a normalised pattern falls under the case-sensitive policy. */
export function isAmbiguous(pattern: string): boolean {
  if (pattern.includes(' ')) return false;
  return pattern.length <= 2 || AMBIGUOUS_WORDS.has(pattern);
}

/** The spelling of a label's one token as written, for the exact comparison. */
export function listedSpelling(label: string): string {
  return label.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu, '');
}

const GLUE = /[&\-‐‑/'’]/;

/** Whether original[start, end) is one of `spellings` exactly and stands free of glue characters. */
export function spelledAsListed(original: string, start: number, end: number, spellings: ReadonlySet<string>): boolean {
  if (!spellings.has(original.slice(start, end))) return false;
  const before = start > 0 ? original[start - 1] : undefined;
  const after = end < original.length ? original[end] : undefined;
  return !(before !== undefined && GLUE.test(before)) && !(after !== undefined && GLUE.test(after));
}
