/** Job titles for `rerank`: from --job flags or a file (the TalentCLEF `queries` file works as is). */
import { InputError, UsageError } from '../errors.js';
import type { TableSchema } from '../input/columns.js';
import { textValue } from '../input/fields.js';
import { fieldAt, readTable } from '../input/read-table.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { tableFormat } from './table-format.js';

export interface JobTitle {
  /** From the id column (TalentCLEF q_id), else the 1-based position. */
  id: string;
  title: string;
}

export const JOB_TITLE_SCHEMA: TableSchema = {
  kind: 'job title',
  required: 'title',
  fields: [
    { name: 'id', aliases: ['q_id', 'query_id', 'qid', 'job_id', 'title_id'] },
    { name: 'title', aliases: ['jobtitle', 'job_title', 'query', 'position_title', 'position', 'role', 'occupation', 'name', 'text'] },
  ],
};

/**
 * Titles given as --job flags, with ids 1, 2, ... Throws UsageError for an empty one.
 *
 * @example titlesFromFlags(['Data Scientist']) // [{ id: '1', title: 'Data Scientist' }]
 */
export function titlesFromFlags(titles: readonly string[]): JobTitle[] {
  return titles.map((raw, i) => {
    const title = raw.replace(/\s+/g, ' ').trim();
    if (title === '') throw new UsageError(`--job #${i + 1} is empty: give a job title such as --job "Data Scientist"`);
    return { id: String(i + 1), title };
  });
}

/** Reads a job-title file; an empty title is an InputError at its file, line and column. */
export async function readJobTitles(path: string, options: { format?: InputFormat; columns?: ColumnOverrides } = {}): Promise<JobTitle[]> {
  const format = await tableFormat(path, options.format);
  const titles: JobTitle[] = [];
  for await (const row of readTable(path, JOB_TITLE_SCHEMA, { format, columns: options.columns })) {
    const title = textValue(row.values['title'], fieldAt(row, 'title'));
    if (title === undefined) throw new InputError('empty job title', fieldAt(row, 'title'));
    titles.push({ id: row.id, title: title.replace(/\s+/g, ' ') });
  }
  return titles;
}
