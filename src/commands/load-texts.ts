/** read -> validate -> template: the records of one file and the exact texts to embed. */
import type { Candidate, ColumnOverrides, InputFormat, Job, RecordKind } from '../input/types.js';
import { readCandidates, readJobs, readTexts } from '../input/read-records.js';
import { candidateText, jobText } from '../template/templates.js';

export interface LoadTextsOptions {
  kind: RecordKind;
  blind?: boolean;
  format?: InputFormat;
  columns?: ColumnOverrides;
  /** Also return the records (`score --explain` reads their fields); off, they are dropped early. */
  keepRecords?: boolean;
}

export interface LoadedTexts {
  ids: string[];
  texts: string[];
  /** The records the texts were made from (candidates and jobs), for `score --explain`. */
  records?: Candidate[] | Job[];
}

/**
 * @example
 * const { ids, texts } = await loadTexts('fixtures/jobs.csv', { kind: 'job' });
 * texts[0]; // 'Title: Senior Backend Engineer\nCompany: ...'
 */
export async function loadTexts(file: string, options: LoadTextsOptions): Promise<LoadedTexts> {
  const readOptions = { format: options.format, columns: options.columns };
  switch (options.kind) {
    case 'candidate': {
      const records = await readCandidates(file, readOptions);
      return { ids: records.map((r) => r.id), texts: records.map((r) => candidateText(r, { blind: options.blind === true })), ...kept(records, options) };
    }
    case 'job': {
      const records = await readJobs(file, readOptions);
      return { ids: records.map((r) => r.id), texts: records.map((r) => jobText(r)), ...kept(records, options) };
    }
    case 'text': {
      const records = await readTexts(file, readOptions);
      return { ids: records.map((r) => r.id), texts: records.map((r) => r.text) };
    }
  }
}

function kept<T extends Candidate[] | Job[]>(records: T, options: LoadTextsOptions): { records?: T } {
  return options.keepRecords === true ? { records } : {};
}
