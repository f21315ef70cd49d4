/** read -> validate -> template: the records of one file and the exact texts to embed. */
import type { ColumnOverrides, InputFormat, RecordKind } from '../input/types.js';
import { readCandidates, readJobs, readTexts } from '../input/read-records.js';
import { candidateText, jobText } from '../template/templates.js';

export interface LoadTextsOptions {
  kind: RecordKind;
  blind?: boolean;
  format?: InputFormat;
  columns?: ColumnOverrides;
}

export interface LoadedTexts {
  ids: string[];
  texts: string[];
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
      return { ids: records.map((r) => r.id), texts: records.map((r) => candidateText(r, { blind: options.blind === true })) };
    }
    case 'job': {
      const records = await readJobs(file, readOptions);
      return { ids: records.map((r) => r.id), texts: records.map((r) => jobText(r)) };
    }
    case 'text': {
      const records = await readTexts(file, readOptions);
      return { ids: records.map((r) => r.id), texts: records.map((r) => r.text) };
    }
  }
}
