/** Opening an input (file or stdin), choosing its format and streaming its raw rows. */
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';
import { delimitedRows } from './csv-rows.js';
import { canSniff, formatForFile, sniffFormat, STDIN_LABEL, STDIN_PATH } from './format.js';
import { jsonArrayRows, jsonlRows } from './json-rows.js';
import { checkFieldSizes } from './limits.js';
import type { RawRow } from './raw-row.js';
import type { InputFormat } from './types.js';
import { decodeUtf8, type DecodedChunk } from './utf8-decode.js';

export type { RawRow } from './raw-row.js';

/** A byte (or text) stream to read instead of process.stdin when the path is `-`. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

export interface ReadRowsOptions {
  /** Overrides the extension (files) or sniffing (stdin). */
  format?: InputFormat;
  /** Read this instead of process.stdin for path `-` (tests, embedding callers). */
  stdin?: ByteSource;
}

/** The name errors use for `path`: the path itself, or `<stdin>` for `-`. */
export function inputLabel(path: string): string {
  return path === STDIN_PATH ? STDIN_LABEL : path;
}

/**
 * Streams the rows of a CSV, TSV, JSONL or JSON-array input, validating UTF-8 on the way.
 * Each row carries the physical line where its record starts. Errors are InputErrors naming
 * the file (`<stdin>` for `-`) and line.
 *
 * @example
 * for await (const row of readRows('candidates.csv')) console.log(row.line, row.values);
 */
export async function* readRows(
  path: string,
  options: ReadRowsOptions = {},
): AsyncGenerator<RawRow, void, undefined> {
  const file = inputLabel(path);
  if (path === STDIN_PATH) {
    const chunks = decodeUtf8(options.stdin ?? process.stdin, file);
    if (options.format !== undefined) {
      yield* rowsOf(options.format, chunks, file);
      return;
    }
    const sniffed = await sniff(chunks);
    yield* rowsOf(sniffed.format, sniffed.chunks, file);
    return;
  }
  const format = formatForFile(path, options.format);
  yield* rowsOf(format, decodeUtf8(fileBytes(path), file), file);
}

async function* rowsOf(format: InputFormat, chunks: AsyncIterable<DecodedChunk>, file: string): AsyncGenerator<RawRow, void, undefined> {
  for await (const row of formatRows(format, chunks, file)) {
    checkFieldSizes(row, file);
    yield row;
  }
}

function formatRows(
  format: InputFormat,
  chunks: AsyncIterable<DecodedChunk>,
  file: string,
): AsyncGenerator<RawRow, void, undefined> {
  switch (format) {
    case 'csv':
      return delimitedRows(chunks, file, ',');
    case 'tsv':
      return delimitedRows(chunks, file, '\t');
    case 'jsonl':
      return jsonlRows(chunks, file);
    case 'json':
      return jsonArrayRows(chunks, file);
  }
}

/** Reads just enough of stdin to guess its format, then replays what it read. */
async function sniff(
  chunks: AsyncGenerator<DecodedChunk>,
): Promise<{ format: InputFormat; chunks: AsyncGenerator<DecodedChunk> }> {
  const seen: DecodedChunk[] = [];
  let head = '';
  while (!canSniff(head)) {
    const next = await chunks.next();
    if (next.done === true) break;
    seen.push(next.value);
    head += next.value.text;
  }
  async function* replay(): AsyncGenerator<DecodedChunk> {
    yield* seen;
    yield* chunks;
  }
  return { format: sniffFormat(head), chunks: replay() };
}

async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === undefined ? undefined : FS_REASONS[code];
    if (reason === undefined && code === undefined) throw err;
    throw new InputError(`cannot read input: ${reason ?? (err as Error).message}`, { file: path });
  }
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};
