/**
 * Coercing raw cell values (CSV strings or any JSON value) into typed fields. Every error is
 * an InputError located at file, line and field (the column as spelled in the file).
 */
import { InputError, type InputLocation } from '../errors.js';

/** Where a value came from; all three parts are known once a row is resolved. */
export type FieldLocation = Required<InputLocation>;

/**
 * A trimmed string, or undefined for null, missing or empty values. Numbers and booleans
 * become their text; CRLF becomes LF so a text reads the same whatever wrote the file.
 *
 * @example textValue('  Jane Doe ', at) // 'Jane Doe'
 */
export function textValue(value: unknown, at: FieldLocation): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    throw new InputError(`expected text, found ${describe(value)}`, at);
  }
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
}

/**
 * A list of trimmed, non-empty strings from a JSON array, a JSON-array string, or a string
 * separated by ';' or else '|' or else ','. A bracketed string that is not valid JSON (such
 * as Python's `['a', 'b']`) is split the same way with the brackets and item quotes removed.
 *
 * @example listValue('Python; SQL, Spark;', at) // ['Python', 'SQL, Spark']
 * @example listValue('["Go", "Rust"]', at) // ['Go', 'Rust']
 */
export function listValue(value: unknown, at: FieldLocation): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => listItem(item, at));
  if (typeof value === 'number') return [String(value)];
  if (typeof value !== 'string') {
    throw new InputError(`expected a list, found ${describe(value)}`, at);
  }
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const parsed = tryJson(text);
    if (Array.isArray(parsed)) return parsed.flatMap((item) => listItem(item, at));
    return splitList(text.slice(1, -1)).map(unquote).filter((s) => s !== '');
  }
  return splitList(text);
}

function listItem(item: unknown, at: FieldLocation): string[] {
  if (item === null) return [];
  if (typeof item === 'string' || typeof item === 'number') {
    const s = String(item).trim();
    return s === '' ? [] : [s];
  }
  throw new InputError(`list items must be strings, found ${describe(item)}`, at);
}

function splitList(text: string): string[] {
  const sep = text.includes(';') ? ';' : text.includes('|') ? '|' : ',';
  return text
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function unquote(item: string): string {
  const m = /^(['"])(.*)\1$/s.exec(item);
  return (m?.[2] ?? item).trim();
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const YEARS = /^(\d+(?:\.\d+)?|\.\d+)\s*\+?\s*(?:years?|yrs?\.?|y)?$/i;

/**
 * Years of experience: a non-negative number, or a string such as "5", "5.5", "5 years",
 * "5+" or "5+ yrs". Empty means missing; anything else is an InputError.
 *
 * @example yearsValue('5+ years', at) // 5
 */
export function yearsValue(value: unknown, at: FieldLocation): number | undefined {
  if (value === undefined || value === null) return undefined;
  let years: number;
  if (typeof value === 'number') {
    years = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    const m = YEARS.exec(text);
    if (m === null) {
      const negative = /^-\s*[\d.]/.test(text);
      throw new InputError(negative ? `must not be negative, found "${text}"` : yearsHelp(`"${text}"`), at);
    }
    years = Number(m[1]);
  } else {
    throw new InputError(yearsHelp(describe(value)), at);
  }
  if (!Number.isFinite(years)) throw new InputError(yearsHelp(String(years)), at);
  if (years < 0) throw new InputError(`must not be negative, found ${years}`, at);
  return years;
}

function yearsHelp(found: string): string {
  return `expected years of experience as a number (like 5, 5.5, "5 years" or "5+"), found ${found}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
