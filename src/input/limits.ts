/**
 * Size limits of input records, the same in every format (CSV, TSV, JSONL, JSON), so a file
 * converted from one format to another is accepted or refused alike (docs/input.md, "Limits").
 */
import { InputError } from '../errors.js';
import type { RawRow } from './raw-row.js';

/** Characters one field may hold: a CSV/TSV cell, a JSON string (or one string of a JSON list). */
export const MAX_FIELD_CHARS = 8_000_000;

/**
 * Characters one whole record may hold (a CSV record, a JSONL line, a JSON array element). For
 * CSV it is also the guard that stops an unclosed quote from swallowing the rest of the file.
 */
export const MAX_RECORD_CHARS = 64_000_000;

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Throws an InputError naming the file, line and field of the first value over
 * {@link MAX_FIELD_CHARS}.
 *
 * @example
 * checkFieldSizes({ line: 2, values: { resume: 'x'.repeat(9_000_000) } }, 'c.csv'); // InputError c.csv:2: field 'resume': …
 */
export function checkFieldSizes(row: RawRow, file: string): void {
  for (const [field, value] of Object.entries(row.values)) {
    const longest = typeof value === 'string' ? value.length : Array.isArray(value) ? Math.max(0, ...value.map((v) => (typeof v === 'string' ? v.length : 0))) : 0;
    if (longest > MAX_FIELD_CHARS) {
      throw new InputError(`${count(longest)} characters, more than the ${count(MAX_FIELD_CHARS)} a field may hold (the same limit in every input format)`, {
        file,
        line: row.line,
        field,
      });
    }
  }
}

/** The InputError of a record over {@link MAX_RECORD_CHARS}; `hint` says what usually causes it. */
export function recordTooLong(file: string, line: number, hint: string): InputError {
  return new InputError(`record longer than ${count(MAX_RECORD_CHARS)} characters (${hint})`, { file, line });
}
