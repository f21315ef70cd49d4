/** JSONL and JSON-array rows, streamed, each tagged with the line where its object starts. */
import { InputError } from '../errors.js';
import { MAX_RECORD_CHARS, recordTooLong } from './limits.js';
import type { RawRow } from './raw-row.js';
import { splitJsonArray } from './json-array-split.js';
import type { DecodedChunk } from './utf8-decode.js';

/** Rows of a JSONL file: one JSON object per line; blank lines are skipped. */
export async function* jsonlRows(
  chunks: AsyncIterable<DecodedChunk>,
  file: string,
): AsyncGenerator<RawRow, void, undefined> {
  let rest = '';
  let line = 0;
  for await (const { text } of chunks) {
    rest += text;
    let from = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', from)) {
      line++;
      const row = jsonlRow(rest.slice(from, nl), file, line);
      if (row !== undefined) yield row;
      from = nl + 1;
    }
    rest = rest.slice(from);
  }
  const last = jsonlRow(rest, file, line + 1);
  if (last !== undefined) yield last;
}

function jsonlRow(text: string, file: string, line: number): RawRow | undefined {
  if (text.length > MAX_RECORD_CHARS) throw recordTooLong(file, line, 'one JSON object per line');
  if (text.trim() === '') return undefined;
  const values = parseObject(text, file, line, 'line');
  return { line, values };
}

/** Rows of a JSON file holding one array of objects. */
export async function* jsonArrayRows(
  chunks: AsyncIterable<DecodedChunk>,
  file: string,
): AsyncGenerator<RawRow, void, undefined> {
  for await (const element of splitJsonArray(texts(chunks), file)) {
    if (element.text.length > MAX_RECORD_CHARS) throw recordTooLong(file, element.line, 'one array element');
    yield { line: element.line, values: parseObject(element.text, file, element.line, 'array element') };
  }
}

async function* texts(chunks: AsyncIterable<DecodedChunk>): AsyncGenerator<string> {
  for await (const chunk of chunks) yield chunk.text;
}

function parseObject(text: string, file: string, line: number, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const { reason, lineOffset } = describeJsonError(err, text);
    throw new InputError(`invalid JSON: ${reason}`, { file, line: line + lineOffset });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new InputError(`each ${what} must be a JSON object, found ${found}`, { file, line });
  }
  return value as Record<string, unknown>;
}

/**
 * A short reason and the line offset inside `text`, from V8's JSON.parse message. The message
 * may quote the whole input (a full resume), so that part is cut.
 */
function describeJsonError(err: unknown, text: string): { reason: string; lineOffset: number } {
  const message = err instanceof Error ? err.message : String(err);
  const at = /^(.*?) in JSON at position (\d+)/s.exec(message);
  if (at !== null) {
    const pos = Number(at[2]);
    const lineOffset = text.slice(0, pos).split('\n').length - 1;
    return { reason: lowerFirst(at[1] ?? message), lineOffset };
  }
  const token = /^(Unexpected token '.*?'), ".*" is not valid JSON$/s.exec(message);
  return { reason: lowerFirst(token?.[1] ?? message), lineOffset: 0 };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
