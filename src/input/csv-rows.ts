/** CSV and TSV rows via csv-parse, each tagged with the physical line where it starts. */
import { parse, type CsvError, type Parser } from 'csv-parse';
import { InputError } from '../errors.js';
import type { DecodedChunk } from './utf8-decode.js';
import { MAX_RECORD_CHARS, recordTooLong } from './limits.js';
import type { RawRow } from './raw-row.js';


interface ParsedRecord {
  fields: string[];
  /** Byte offset where the record starts. */
  start: number;
}

/**
 * Rows of a delimited file. The first record is the header; blank lines are skipped; every
 * record must have as many fields as the header. Values are the raw strings.
 */
export async function* delimitedRows(
  chunks: AsyncIterable<DecodedChunk>,
  file: string,
  delimiter: ',' | '\t',
): AsyncGenerator<RawRow, void, undefined> {
  const lines = new LineIndex();
  const pending: ParsedRecord[] = [];
  let lastEnd = 0;
  // Records are captured in on_record, in order, rather than read from the stream side,
  // so an error is never reported ahead of valid records that precede it.
  const parser = parse({
    bom: true,
    delimiter,
    // Explicit, because auto-detection locks onto the first ending it sees (a chunk that ends
    // between CR and LF, or a file with mixed endings, would leave stray CRs in values).
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // Plain TSV has no quoting convention, so a stray quote there is data, not an error.
    relax_quotes: delimiter === '\t',
    max_record_size: MAX_RECORD_CHARS,
    on_record: (fields: string[], context) => {
      pending.push({ fields, start: lastEnd });
      lastEnd = context.bytes;
      return null;
    },
  });
  parser.on('error', () => undefined);
  let headers: string[] | undefined;
  const fail = (err: unknown): InputError =>
    csvFailure(err, file, lines.lineAt(lastEnd), headers);

  function* drain(): Generator<RawRow> {
    for (let rec = pending.shift(); rec !== undefined; rec = pending.shift()) {
      const line = lines.lineAt(rec.start);
      if (headers === undefined) {
        headers = headerRow(rec.fields, file, line);
        continue;
      }
      if (rec.fields.every((f) => f.trim() === '')) continue;
      if (rec.fields.length !== headers.length) {
        throw new InputError(
          `expected ${headers.length} columns as in the header, found ${rec.fields.length} ` +
            `(check for an unquoted ${delimiter === ',' ? 'comma' : 'tab'} or a missing one)`,
          { file, line },
        );
      }
      yield { line, values: rowValues(headers, rec.fields), headers };
    }
  }

  for await (const chunk of chunks) {
    lines.feed(chunk.bytes);
    const err = await writeChunk(parser, chunk.bytes);
    yield* drain();
    if (err !== undefined) throw fail(err);
  }
  const err = await endParser(parser);
  yield* drain();
  if (err !== undefined) throw fail(err);
}

function headerRow(fields: string[], file: string, line: number): string[] {
  const headers = fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const h of headers) {
    if (h !== '' && seen.has(h)) {
      throw new InputError(`column '${h}' appears twice in the header`, { file, line, field: h });
    }
    seen.add(h);
  }
  return headers;
}

function rowValues(headers: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  headers.forEach((h, i) => {
    if (h !== '') values[h] = fields[i];
  });
  return values;
}

function writeChunk(parser: Parser, bytes: Uint8Array): Promise<unknown> {
  return new Promise((resolve) => parser.write(bytes, (err) => resolve(err ?? undefined)));
}

function endParser(parser: Parser): Promise<unknown> {
  return new Promise((resolve) => {
    parser.once('error', resolve);
    parser.end(() => resolve(undefined));
  });
}

const QUOTE_HINT = 'wrap the field in quotes and write each quote inside it twice ("")';

function csvFailure(
  err: unknown,
  file: string,
  line: number,
  headers: readonly string[] | undefined,
): InputError {
  const csv = err as Partial<CsvError>;
  const column = typeof csv.column === 'number' ? headers?.[csv.column] : undefined;
  const where = { file, line, ...(column ? { field: column } : {}) };
  switch (csv.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new InputError('a quoted field opened in this record is never closed', where);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new InputError(`unexpected character after a closing quote; ${QUOTE_HINT}`, where);
    case 'INVALID_OPENING_QUOTE':
      return new InputError(`a quote inside an unquoted field; ${QUOTE_HINT}`, where);
    case 'CSV_MAX_RECORD_SIZE':
      return recordTooLong(file, line, 'an unclosed quote or a wrong delimiter?');
    default:
      return new InputError(`malformed CSV: ${csv.message ?? String(err)}`, where);
  }
}

/**
 * Maps byte offsets to 1-based line numbers. csv-parse's own line counter miscounts CRLF inside
 * quoted fields, so lines come from byte offsets instead. Queries must not go backwards.
 */
class LineIndex {
  private readonly newlines: number[] = [];
  private head = 0;
  private passed = 0;
  private fed = 0;

  feed(bytes: Uint8Array): void {
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) {
      this.newlines.push(this.fed + i);
    }
    this.fed += bytes.length;
  }

  lineAt(offset: number): number {
    while (this.head < this.newlines.length && (this.newlines[this.head] ?? Infinity) < offset) {
      this.head++;
      this.passed++;
    }
    // Drop consumed offsets now and then so memory stays bounded on large files.
    if (this.head > 4096) {
      this.newlines.splice(0, this.head);
      this.head = 0;
    }
    return this.passed + 1;
  }
}
