/**
 * Splits a streamed JSON array of objects into the text of each element, so a large .json file
 * is parsed one object at a time and every object keeps the line where it starts. The array
 * structure (brackets, commas) is checked here; each element's own syntax by JSON.parse later.
 */
import { InputError } from '../errors.js';

/** The source text of one array element and the 1-based line where it starts. */
export interface JsonElement {
  line: number;
  text: string;
}

type State = 'open' | 'first' | 'next' | 'object' | 'after' | 'done';

/**
 * Yields each top-level element of a JSON array; yields nothing for blank input.
 * Throws InputError (with the line) for anything but `[ {..}, {..} ]`.
 */
export async function* splitJsonArray(
  texts: AsyncIterable<string>,
  file: string,
): AsyncGenerator<JsonElement, void, undefined> {
  let state: State = 'open';
  let line = 1;
  let startLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  const fail = (message: string, at = line): InputError => new InputError(message, { file, line: at });

  for await (const text of texts) {
    let start = state === 'object' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (state === 'object') {
        if (ch === '\n') line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if ((ch === '}' || ch === ']') && --depth === 0) {
          parts.push(text.slice(start, i + 1));
          yield { line: startLine, text: parts.join('') };
          parts = [];
          state = 'after';
        }
        continue;
      }
      if (ch === '\n') line++;
      if (/\s/.test(ch)) continue;
      switch (state) {
        case 'open':
          if (ch !== '[') throw fail(notAnArray(ch));
          state = 'first';
          break;
        case 'first':
        case 'next':
          if (ch === '{') {
            state = 'object';
            start = i;
            startLine = line;
            depth = 1;
          } else if (ch === ']' && state === 'first') state = 'done';
          else if (ch === ']') throw fail("trailing comma before ']'");
          else throw fail(`each array element must be a JSON object, found ${quote(ch)}`);
          break;
        case 'after':
          if (ch === ',') state = 'next';
          else if (ch === ']') state = 'done';
          else throw fail(`expected ',' or ']' after an array element, found ${quote(ch)}`);
          break;
        case 'done':
          throw fail(`unexpected ${quote(ch)} after the closing ']' of the array`);
      }
    }
    if (state === 'object') parts.push(text.slice(start));
  }
  if (state === 'object') throw fail('object is never closed (missing })', startLine);
  if (state !== 'open' && state !== 'done') throw fail("the JSON array is never closed (missing ']')");
}

function notAnArray(ch: string): string {
  const hint = ch === '{' ? ' (for one object per line use .jsonl)' : '';
  return `a .json input must be one JSON array of objects, found ${quote(ch)}${hint}`;
}

function quote(ch: string): string {
  return JSON.stringify(ch);
}
