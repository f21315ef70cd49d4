/** Public input API: typed candidates, jobs and texts from any supported file or stdin. */
import { CANDIDATE_SCHEMA, JOB_SCHEMA, TEXT_SCHEMA } from './columns.js';
import { listValue, textValue, yearsValue } from './fields.js';
import { fieldAt, readTable, type ReadTableOptions, type TableRow } from './read-table.js';
import type { Candidate, Job, TextRecord } from './types.js';

export type { ReadTableOptions as ReadRecordsOptions } from './read-table.js';

/**
 * Reads candidates (resumes). Lists (titles, skills) accept JSON arrays or ';' / '|' / ','
 * separated text; experience accepts "5", "5.5", "5 years", "5+". Throws InputError located
 * at file:line and field for any unusable value.
 *
 * @example const candidates = await readCandidates('candidates.csv', { columns: { resume: 'cv_text' } });
 */
export async function readCandidates(path: string, options: ReadTableOptions = {}): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for await (const row of readTable(path, CANDIDATE_SCHEMA, options)) out.push(toCandidate(row));
  return out;
}

/** Reads jobs (postings); same value rules as readCandidates. */
export async function readJobs(path: string, options: ReadTableOptions = {}): Promise<Job[]> {
  const out: Job[] = [];
  for await (const row of readTable(path, JOB_SCHEMA, options)) out.push(toJob(row));
  return out;
}

/** Reads plain (id, text) records for `embed --kind text`. */
export async function readTexts(path: string, options: ReadTableOptions = {}): Promise<TextRecord[]> {
  const out: TextRecord[] = [];
  for await (const row of readTable(path, TEXT_SCHEMA, options)) {
    out.push({ id: row.id, text: text(row, 'text') ?? '', source: row.source });
  }
  return out;
}

function toCandidate(row: TableRow): Candidate {
  return withoutUndefined({
    id: row.id,
    name: text(row, 'name'),
    titles: listValue(row.values.titles, fieldAt(row, 'titles')),
    skills: listValue(row.values.skills, fieldAt(row, 'skills')),
    experience: yearsValue(row.values.experience, fieldAt(row, 'experience')),
    city: text(row, 'city'),
    state: text(row, 'state'),
    location: text(row, 'location'),
    resume: text(row, 'resume') ?? '',
    source: row.source,
  });
}

function toJob(row: TableRow): Job {
  return withoutUndefined({
    id: row.id,
    title: text(row, 'title'),
    company: text(row, 'company'),
    city: text(row, 'city'),
    state: text(row, 'state'),
    location: text(row, 'location'),
    experience: yearsValue(row.values.experience, fieldAt(row, 'experience')),
    description: text(row, 'description') ?? '',
    source: row.source,
  });
}

function text(row: TableRow, field: string): string | undefined {
  return textValue(row.values[field], fieldAt(row, field));
}

/** Drops undefined optional fields so records compare and serialize cleanly. */
function withoutUndefined<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}
