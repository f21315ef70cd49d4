/**
 * Judged pair files for `eval pairs`: one (candidate id, job id, gold score) per record, and
 * system score files keyed by the same (candidate, job). Both are ordinary tables (CSV, TSV,
 * JSONL, JSON) read with the input stage, so aliases, overrides and file:line errors match
 * the rest of resumator.
 */
import { InputError } from '../errors.js';
import type { TableSchema } from '../input/columns.js';
import { textValue } from '../input/fields.js';
import { fieldAt, readTable, type ReadTableOptions, type TableRow } from '../input/read-table.js';
import type { SourceRef } from '../input/types.js';

const CANDIDATE_FIELD = { name: 'candidate', aliases: ['candidate_id', 'resume_id', 'applicant_id', 'cv_id'] };
const JOB_FIELD = { name: 'job', aliases: ['job_id', 'posting_id', 'vacancy_id', 'requisition_id'] };

/** Pair files: `candidate`, `job` (ids) and `gold` (a score in [0, 1]). */
export const PAIR_SCHEMA: TableSchema = {
  kind: 'pair',
  required: 'gold',
  fields: [
    { name: 'id', aliases: ['pair_id'] },
    CANDIDATE_FIELD,
    JOB_FIELD,
    { name: 'gold', aliases: ['gold_score', 'relevance', 'rating', 'judgement', 'judgment', 'label', 'target'] },
  ],
};

/** System score files: `candidate`, `job` and `score` (any finite number, higher = better). */
export const SYSTEM_SCORE_SCHEMA: TableSchema = {
  kind: 'system score',
  required: 'score',
  fields: [
    { name: 'id', aliases: ['pair_id'] },
    CANDIDATE_FIELD,
    JOB_FIELD,
    { name: 'score', aliases: ['system_score', 'similarity', 'cosine', 'prediction', 'predicted'] },
  ],
};

export interface JudgedPair {
  candidate: string;
  job: string;
  gold: number;
  source: SourceRef;
}

/**
 * Reads judged pairs. Throws InputError (file:line, field) for a missing candidate/job column
 * or id, a gold that is not a number or lies outside [0, 1], the same (candidate, job) twice,
 * and an empty file.
 *
 * @example const pairs = await readPairs('fixtures/eval/pairs.csv'); pairs[0] // { candidate: 'c1', job: 'j1', gold: 0.9, ... }
 */
export async function readPairs(path: string, options: ReadTableOptions = {}): Promise<JudgedPair[]> {
  const pairs: JudgedPair[] = [];
  const seen = new Map<string, number>();
  for await (const row of readTable(path, PAIR_SCHEMA, options)) {
    const { candidate, job } = pairKey(row, seen);
    const gold = numberField(row, 'gold');
    if (gold < 0 || gold > 1) throw new InputError(`gold score must be in [0, 1], found ${gold}`, fieldAt(row, 'gold'));
    pairs.push({ candidate, job, gold, source: row.source });
  }
  return pairs;
}

/**
 * Reads system scores into `candidate \u0000 job` -> score (see {@link pairKeyOf}).
 * Same errors as {@link readPairs}; scores may be any finite number.
 */
export async function readSystemScores(path: string, options: ReadTableOptions = {}): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  const seen = new Map<string, number>();
  for await (const row of readTable(path, SYSTEM_SCORE_SCHEMA, options)) {
    const { candidate, job } = pairKey(row, seen);
    scores.set(pairKeyOf(candidate, job), numberField(row, 'score'));
  }
  return scores;
}

/** The map key of a (candidate, job) pair. */
export function pairKeyOf(candidate: string, job: string): string {
  return `${candidate}\u0000${job}`;
}

function pairKey(row: TableRow, seen: Map<string, number>): { candidate: string; job: string } {
  const candidate = idField(row, 'candidate', CANDIDATE_FIELD.aliases);
  const job = idField(row, 'job', JOB_FIELD.aliases);
  const key = pairKeyOf(candidate, job);
  const first = seen.get(key);
  if (first !== undefined) {
    throw new InputError(`pair (candidate '${candidate}', job '${job}') appears twice (first on line ${first})`, { file: row.source.file, line: row.source.line });
  }
  seen.set(key, row.source.line);
  return { candidate, job };
}

function idField(row: TableRow, field: string, aliases: readonly string[]): string {
  if (!row.columns.has(field)) {
    throw new InputError(`no ${field} column; accepted names: ${[field, ...aliases].join(', ')} (or map one with ${field}=COLUMN)`, {
      file: row.source.file,
    });
  }
  const id = textValue(row.values[field], fieldAt(row, field));
  if (id === undefined) throw new InputError(`missing ${field} id`, fieldAt(row, field));
  return id;
}

function numberField(row: TableRow, field: string): number {
  const at = fieldAt(row, field);
  const raw = row.values[field];
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (text === undefined || text === '') throw new InputError(`missing ${field} score`, at);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new InputError(`${field} score must be a number, found '${text}'`, at);
  return value;
}
