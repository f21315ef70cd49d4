/** Choosing an input format: by explicit option, by file extension, or by sniffing stdin. */
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { INPUT_FORMATS, type InputFormat } from './types.js';

/** Lower-case extension (with dot) -> format. Exported so docs and errors list the same set. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
};

/** The path that means "read standard input". */
export const STDIN_PATH = '-';

/** The name errors use for standard input. */
export const STDIN_LABEL = '<stdin>';

/**
 * The format implied by a file's extension, or undefined when the extension is unknown.
 *
 * @example formatFromExtension('data/Candidates.CSV') // 'csv'
 */
export function formatFromExtension(path: string): InputFormat | undefined {
  return FORMAT_EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * The format of a named file: the explicit one if given, else the extension's.
 * Throws InputError listing the valid formats when neither decides.
 */
export function formatForFile(path: string, explicit?: InputFormat): InputFormat {
  if (explicit !== undefined) return explicit;
  const format = formatFromExtension(path);
  if (format !== undefined) return format;
  const exts = Object.keys(FORMAT_EXTENSIONS).join(', ');
  throw new InputError(
    `cannot tell the input format from the extension '${extname(path)}'; ` +
      `use one of ${exts} or pass --input-format (${INPUT_FORMATS.join(', ')})`,
    { file: path },
  );
}

/**
 * Guesses the format of text whose name says nothing (stdin): the first non-blank character
 * '[' means a JSON array, '{' JSONL; otherwise a tab in the first non-blank line means TSV,
 * else CSV. `head` must reach the end of that line (or the end of input) for the tab test.
 *
 * @example sniffFormat('\n  {"id": 1}') // 'jsonl'
 */
export function sniffFormat(head: string): InputFormat {
  const start = head.search(/\S/);
  if (start < 0) return 'csv';
  const first = head[start];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  const lineStart = head.lastIndexOf('\n', start) + 1;
  const lineEnd = head.indexOf('\n', start);
  const headerLine = head.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return headerLine.includes('\t') ? 'tsv' : 'csv';
}

/**
 * Whether `head` holds enough text for sniffFormat to decide without seeing more input:
 * a non-blank character and, unless it opens JSON, the end of its line.
 */
export function canSniff(head: string): boolean {
  const start = head.search(/\S/);
  if (start < 0) return false;
  const first = head[start];
  return first === '[' || first === '{' || head.indexOf('\n', start) >= 0;
}
