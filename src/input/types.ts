/** The typed records the input stage produces and the template stage consumes. */

/** Input file formats. `json` is a JSON array of objects. */
export type InputFormat = 'csv' | 'tsv' | 'jsonl' | 'json';
export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'tsv', 'jsonl', 'json'];

/** What a record describes; `text` is a plain (id, text) row for `resumator embed --kind text`. */
export type RecordKind = 'candidate' | 'job' | 'text';

/** Where a record came from, so later errors can still name file and line. */
export interface SourceRef {
  file: string;
  /** 1-based physical line where the record starts. */
  line: number;
}

export interface Candidate {
  /** From the id column, else the 1-based row number as a string. */
  id: string;
  name?: string;
  titles: string[];
  skills: string[];
  /** Years of experience. */
  experience?: number;
  city?: string;
  state?: string;
  /** A single location string, used when city/state are absent. */
  location?: string;
  resume: string;
  source: SourceRef;
}

export interface Job {
  id: string;
  title?: string;
  company?: string;
  city?: string;
  state?: string;
  location?: string;
  experience?: number;
  description: string;
  source: SourceRef;
}

export interface TextRecord {
  id: string;
  text: string;
  source: SourceRef;
}

/** `--candidate-columns name=full_name,resume=cv_text`: canonical field -> header in the file. */
export type ColumnOverrides = Readonly<Record<string, string>>;
