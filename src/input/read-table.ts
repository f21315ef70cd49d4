/**
 * The generic table reader every record kind builds on: rows with their columns resolved to a
 * schema's canonical fields, ids assigned and checked for duplicates. Skill and job-title
 * files reuse it with their own TableSchema.
 */
import { InputError } from '../errors.js';
import { checkColumns, checkOverrideFields, resolveColumns, type ColumnMap, type TableSchema } from './columns.js';
import { textValue, type FieldLocation } from './fields.js';
import { inputLabel, readRows, type ReadRowsOptions } from './read-rows.js';
import type { ColumnOverrides, SourceRef } from './types.js';

export interface ReadTableOptions extends ReadRowsOptions {
  /** Canonical field -> header, taking precedence over the alias table. */
  columns?: ColumnOverrides;
}

/** One record with its values keyed by canonical field (absent columns are absent keys). */
export interface TableRow {
  /** From the id column, else the 1-based record number. */
  id: string;
  source: SourceRef;
  values: Readonly<Record<string, unknown>>;
  /** Canonical field -> the header it came from, for error messages. */
  columns: ColumnMap;
}

/** Where `field` of `row` sits, naming the column as the file spells it. */
export function fieldAt(row: TableRow, field: string): FieldLocation {
  return { file: row.source.file, line: row.source.line, field: row.columns.get(field) ?? field };
}

/**
 * Streams a table's records. Throws InputError for a missing required column (listing the
 * columns found and the accepted names), an override naming an absent column, a duplicate id
 * (naming both lines) and an input with no records; UsageError for an override of an unknown
 * field. For CSV/TSV the columns are checked before the first record; JSON keys may differ per
 * record, so there they are checked against all keys seen, after the last record.
 *
 * @example
 * for await (const row of readTable('skills.csv', SKILL_SCHEMA)) console.log(row.id, row.values.title);
 */
export async function* readTable(
  path: string,
  schema: TableSchema,
  options: ReadTableOptions = {},
): AsyncGenerator<TableRow, void, undefined> {
  const overrides = options.columns ?? {};
  checkOverrideFields(overrides, schema);
  const file = inputLabel(path);
  const idLines = new Map<string, number>();
  const jsonKeys = new Set<string>();
  let cached: { signature: string; map: ColumnMap } | undefined;
  let checkedHeaders: readonly string[] | undefined;
  let count = 0;

  for await (const raw of readRows(path, options)) {
    const headers = raw.headers ?? Object.keys(raw.values);
    const signature = headers.join('\u0000');
    if (cached?.signature !== signature) {
      cached = { signature, map: resolveColumns(headers, schema, overrides) };
    }
    const map = cached.map;
    if (raw.headers === undefined) headers.forEach((k) => jsonKeys.add(k));
    else if (checkedHeaders !== raw.headers) {
      checkColumns(map, raw.headers, schema, overrides, file);
      checkedHeaders = raw.headers;
    }
    const values: Record<string, unknown> = {};
    for (const [field, header] of map) values[field] = raw.values[header];

    count++;
    const row: TableRow = { id: '', source: { file, line: raw.line }, values, columns: map };
    row.id = textValue(values.id, fieldAt(row, 'id')) ?? String(count);
    const firstLine = idLines.get(row.id);
    if (firstLine !== undefined) {
      throw new InputError(`duplicate id '${row.id}' (first on line ${firstLine}, again on line ${raw.line})`, {
        ...fieldAt(row, 'id'),
      });
    }
    idLines.set(row.id, raw.line);
    yield row;
  }

  if (count === 0) {
    throw new InputError(`no ${schema.kind} records: the input is empty or has only a header row`, { file });
  }
  if (checkedHeaders === undefined) {
    const keys = [...jsonKeys];
    checkColumns(resolveColumns(keys, schema, overrides), keys, schema, overrides, file);
  }
}
