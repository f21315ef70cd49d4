/**
 * Text normalisation for skill phrase matching. Skill labels and the texts they are looked for
 * in go through the same steps, so that "Data-Bases", "databases" and "database" meet:
 *
 * 1. tokens: runs of letters and digits (apostrophes inside a word are dropped, so "children's"
 *    is one token), a trailing `+` or `#` kept ("C++", "C#"); everything else separates tokens;
 * 2. case and accents: NFKD, combining marks removed, lower case ("Café" -> "cafe", full-width
 *    and ligature forms folded);
 * 3. plurals: Harman's S-stemmer on alphabetic tokens of 4 letters or more ("technologies" ->
 *    "technology", "databases" -> "database", "analysis" -> "analysi" on both sides alike);
 * 4. the normalised text is the tokens joined by single spaces, with one space before and after,
 *    so a pattern padded the same way can only match whole tokens ("java" never inside
 *    "javascript").
 *
 * Every token remembers its span in the ORIGINAL text, so a match in the normalised text maps
 * back to exact UTF-16 offsets of the input (evidence spans).
 */

export interface NormalizedText {
  /** `' tok1 tok2 … '`: normalised tokens joined by single spaces, padded with one space each side. */
  text: string;
  /** Original UTF-16 offset where token i starts. */
  start: Int32Array;
  /** Original UTF-16 offset where token i ends (exclusive). */
  end: Int32Array;
  /** Position in `text` of the first character of token i. */
  at: Int32Array;
}

// A token starts with a letter or digit; `+`/`#` count only at its end ("c++", not "a+b").
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*(?:[+#]+(?![\p{L}\p{N}]))?/gu;

/**
 * Splits `original` into normalised tokens with their original spans.
 *
 * @example
 * const n = normalizeText('Built REST APIs in Node.js');
 * n.text;                                            // ' built rest api in node js '
 * 'Built REST APIs in Node.js'.slice(n.start[2], n.end[2]); // 'APIs'
 */
export function normalizeText(original: string): NormalizedText {
  const starts: number[] = [];
  const ends: number[] = [];
  const ats: number[] = [];
  let text = ' ';
  for (const m of original.matchAll(TOKEN)) {
    const token = normalizeToken(m[0]);
    if (token === '') continue;
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    ats.push(text.length);
    text += token + ' ';
  }
  return { text, start: Int32Array.from(starts), end: Int32Array.from(ends), at: Int32Array.from(ats) };
}

/**
 * A label's normalised form: its tokens joined by single spaces, without padding ('' when it
 * has no letter or digit).
 *
 * @example normalizeLabel('Database-Management Systems') // 'database management system'
 */
export function normalizeLabel(label: string): string {
  const tokens: string[] = [];
  for (const m of label.matchAll(TOKEN)) {
    const token = normalizeToken(m[0]);
    if (token !== '') tokens.push(token);
  }
  return tokens.join(' ');
}

/** One token: folded (NFKD, no marks, no apostrophes, lower case), then plural-stemmed. */
export function normalizeToken(token: string): string {
  // Most tokens are plain ASCII: lower-casing is all the folding they need (3x faster build).
  const folded = /^[A-Za-z0-9+#]+$/.test(token) ? token.toLowerCase() : token.toLowerCase().normalize('NFKD').replace(/[\p{M}'’]/gu, '');
  return stemPlural(folded);
}

/**
 * Harman (1991), "How effective is suffixing?": the S-stemmer, on alphabetic words of four
 * letters or more (so "aws", "gis", "ios" stay as written). Conservative by design: it only
 * folds regular plurals and never merges unrelated stems the way Porter's stemmer can.
 *
 * @example stemPlural('technologies') // 'technology'
 */
export function stemPlural(word: string): string {
  if (word.length < 4 || word.charCodeAt(word.length - 1) !== 115 /* s */ || !/^\p{L}+$/u.test(word)) return word;
  if (/[^ae]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/[^aeo]es$/.test(word)) return word.slice(0, -1);
  if (/[^us]s$/.test(word)) return word.slice(0, -1);
  return word;
}
