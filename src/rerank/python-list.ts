/**
 * A strict parser for the Python list literals TalentCLEF writes into corpus_elements
 * (`['manage staff', "supervise housekeepers' duties", 'a\xa0b']`): Python's repr of a list of
 * str. It is not JSON (single quotes, `\x` escapes) and its items may contain commas and
 * quotes, so neither JSON.parse nor splitting on commas reads it correctly; anything outside
 * this small grammar is an error rather than a guess.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};

/**
 * Parses a Python list of string literals. Throws a plain `SyntaxError`-like message (callers
 * wrap it in an InputError with the file, line and field) naming the offending position.
 *
 * @example parsePythonStringList("['a, b', \"it's\", 'x\\xa0y']") // ['a, b', "it's", 'x\u00a0y']
 */
export function parsePythonStringList(text: string): string[] {
  const items: string[] = [];
  let i = skipSpace(text, 0);
  const fail = (what: string): never => {
    throw new PythonListError(`${what} at character ${i + 1} of the list literal`);
  };
  if (text[i] !== '[') fail("expected '['");
  i = skipSpace(text, i + 1);
  if (text[i] === ']') return end(text, i + 1, items, fail);
  for (;;) {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') fail('expected a quoted string');
    let value = '';
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      if (c === quote) break;
      if (c === '\\') {
        const next = text[i + 1] ?? '';
        if (next === 'x' || next === 'u' || next === 'U') {
          const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + width);
          if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(`invalid \\${next} escape`);
          value += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + width;
          continue;
        }
        const mapped = ESCAPES[next];
        if (mapped === undefined) fail(`unsupported escape \\${next}`);
        value += mapped;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    items.push(value);
    i = skipSpace(text, i + 1);
    if (text[i] === ',') {
      i = skipSpace(text, i + 1);
      if (text[i] === ']') return end(text, i + 1, items, fail);
      continue;
    }
    if (text[i] === ']') return end(text, i + 1, items, fail);
    fail("expected ',' or ']'");
  }
}

/** Error from parsePythonStringList; the message says where the literal went wrong. */
export class PythonListError extends Error {}

function end(text: string, i: number, items: string[], fail: (what: string) => never): string[] {
  if (skipSpace(text, i) !== text.length) fail("unexpected text after ']'");
  return items;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}
