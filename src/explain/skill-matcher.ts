/**
 * Finds the skills of a taxonomy (every label and alternative label) in a text, in one pass.
 *
 * Library: modern-ahocorasick (MIT, no dependencies, maintained, 0.5 MB unpacked). Measured on
 * ESCO's 98,000 normalised labels and the 853 job descriptions of ../shared (docs/benchmarks.md):
 * it compiled in 0.9 s using 33 MB and matched 2.8 M characters in 0.25 s; @monyone/aho-corasick
 * took 5.3 s / 690 MB to build and 1 s to match, `ahocorasick` 22 s / 360 MB and 0.4 s. Its own
 * `boundary` option is 50x slower than padding patterns with spaces, which is what we do.
 */
import AhoCorasick from 'modern-ahocorasick';
import { normalizeLabel, normalizeText, type NormalizedText } from './normalize-text.js';
import { GENERIC_MIN_SKILLS, isAmbiguous, listedSpelling, spelledAsListed } from './ambiguous-labels.js';

/** What the matcher needs of a skill (src/rerank/skills.ts's Skill fits). */
export interface MatchableSkill {
  label: string;
  aliases: readonly string[];
}

/** One occurrence of a skill: original UTF-16 offsets, end exclusive. */
export interface SkillHit {
  /** Index into the skills the matcher was built from. */
  skill: number;
  start: number;
  end: number;
  /** Token range in the normalised text (for longest-match selection). */
  firstToken: number;
  lastToken: number;
}

interface Entry {
  skills: number[];
  /** For ambiguous one-token labels: the spellings the text must use exactly. */
  spellings: Set<string> | undefined;
}

export class SkillMatcher {
  /** Distinct normalised patterns compiled. */
  readonly patternCount: number;
  private readonly automaton: AhoCorasick<number>;
  private readonly entries: Entry[];

  private constructor(automaton: AhoCorasick<number>, entries: Entry[]) {
    this.automaton = automaton;
    this.entries = entries;
    this.patternCount = entries.length;
  }

  /**
   * Compiles every label and alias of `skills`: hyphenated ones also in their joined form
   * ("e-commerce" -> "e commerce" and "ecommerce"), a label with a trailing qualifier also
   * without it ("Python (computer programming)" -> "Python", as an alias). Labels that normalise
   * to the same text share one pattern and report all their skills, except that an alias equal
   * to another skill's preferred label is left to that skill. Generic one-token aliases are left
   * out and ambiguous ones made case-sensitive (src/explain/ambiguous-labels.ts).
   *
   * @example
   * const matcher = SkillMatcher.build([{ label: 'Python programming', aliases: ['python'] }]);
   * matcher.match('Wrote Python scripts'); // [{ skill: 0, start: 6, end: 12, ... }]
   */
  static build(skills: readonly MatchableSkill[]): SkillMatcher {
    const named = skills.map((skill) => {
      const qualified = /^(.+?)\s*\([^()]*\)\s*$/u.exec(skill.label)?.[1];
      const aliases = qualified === undefined ? skill.aliases : [qualified, ...skill.aliases];
      return { label: skill.label, aliases };
    });
    const spread = tokenSpread(named);
    // A label that is one skill's preferred label names that skill: ESCO also lists "project
    // management" as an alias of "project commissioning", which would then be found beside it.
    const preferredPatterns = new Set(named.flatMap((skill) => variants(skill.label)));
    const byPattern = new Map<string, Entry>();
    named.forEach((skill, index) => {
      const labels = [{ text: skill.label, preferred: true }, ...skill.aliases.map((text) => ({ text, preferred: false }))];
      for (const { text, preferred } of labels) {
        for (const pattern of variants(text)) {
          if (isGeneric(pattern, text, preferred, spread)) continue;
          if (!preferred && preferredPatterns.has(pattern)) continue;
          let entry = byPattern.get(pattern);
          if (entry === undefined) {
            entry = { skills: [], spellings: undefined };
            byPattern.set(pattern, entry);
          }
          if (!entry.skills.includes(index)) entry.skills.push(index);
          if (isAmbiguous(pattern)) (entry.spellings ??= new Set()).add(listedSpelling(text));
        }
      }
    });
    const entries = [...byPattern.values()];
    const patterns = [...byPattern.keys()].map((pattern, i) => ({ pattern: ` ${pattern} `, data: i }));
    return new SkillMatcher(new AhoCorasick(patterns), entries);
  }

  /**
   * Every whole-token occurrence of every skill in `text`, overlaps included, ordered by start
   * then longest first. Ambiguous short labels count only as spelled in the skills file.
   */
  match(text: string): SkillHit[] {
    return this.matchNormalized(text, normalizeText(text));
  }

  /** {@link match} on a text already normalised (normalise once, match many). */
  matchNormalized(original: string, normalized: NormalizedText): SkillHit[] {
    const hits: SkillHit[] = [];
    for (const m of this.automaton.search(normalized.text)) {
      const entry = this.entries[m.data as number] as Entry;
      // The pattern is ' a b ': its first token starts one after m.start, its last ends one before m.end.
      const firstToken = tokenAt(normalized, m.start + 1);
      const lastToken = tokenEndingAt(normalized, m.end - 1, firstToken);
      const start = normalized.start[firstToken] as number;
      const end = normalized.end[lastToken] as number;
      if (entry.spellings !== undefined && !spelledAsListed(original, start, end, entry.spellings)) continue;
      for (const skill of entry.skills) hits.push({ skill, start, end, firstToken, lastToken });
    }
    return hits.sort((a, b) => a.start - b.start || b.end - a.end || a.skill - b.skill);
  }
}

/**
 * Leftmost-longest selection over tokens: a stretch of text names one skill, the longest label
 * that starts there ("machine learning" wins over "learning"); hits of several skills on the
 * same span are all kept. Input ordered as {@link SkillMatcher.match} returns it.
 */
export function longestHits(hits: readonly SkillHit[]): SkillHit[] {
  const kept: SkillHit[] = [];
  let coveredUpTo = -1;
  let current: SkillHit | undefined;
  for (const hit of hits) {
    if (current !== undefined && hit.firstToken === current.firstToken && hit.lastToken === current.lastToken) {
      kept.push(hit);
      continue;
    }
    if (hit.firstToken <= coveredUpTo) continue;
    kept.push(hit);
    current = hit;
    coveredUpTo = hit.lastToken;
  }
  return kept;
}

/**
 * A generic one-token label is kept only as a skill's own preferred label spelled as is: not
 * an alias, and not a plural folded onto a common singular (ESCO's "securities" is not "security").
 */
function isGeneric(pattern: string, label: string, preferred: boolean, spread: ReadonlyMap<string, number>): boolean {
  if (pattern.includes(' ') || (spread.get(pattern) ?? 0) < GENERIC_MIN_SKILLS) return false;
  return !preferred || pattern !== label.trim().toLowerCase();
}

/** For each normalised token: how many skills have it in one of their labels. */
function tokenSpread(skills: readonly MatchableSkill[]): Map<string, number> {
  const spread = new Map<string, number>();
  for (const skill of skills) {
    const tokens = new Set<string>();
    for (const label of [skill.label, ...skill.aliases]) for (const token of normalizeLabel(label).split(' ')) tokens.add(token);
    for (const token of tokens) spread.set(token, (spread.get(token) ?? 0) + 1);
  }
  return spread;
}

/** A label's patterns: its normalised form and, when it has hyphenated words, the joined form. */
function variants(label: string): string[] {
  const plain = normalizeLabel(label);
  if (plain === '') return [];
  const joined = normalizeLabel(label.replace(/(?<=[\p{L}\p{N}])[-‐‑–](?=[\p{L}\p{N}])/gu, ''));
  return joined === plain || joined === '' ? [plain] : [plain, joined];
}

function tokenAt(n: NormalizedText, position: number): number {
  // Binary search over the tokens' start positions; the pattern boundary guarantees an exact hit.
  let lo = 0;
  let hi = n.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((n.at[mid] as number) <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function tokenEndingAt(n: NormalizedText, position: number, from: number): number {
  let t = from;
  while (t + 1 < n.at.length && (n.at[t + 1] as number) < position) t++;
  return t;
}
