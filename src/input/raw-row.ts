/** The format-neutral row every reader yields, before column resolution. */
export interface RawRow {
  /** 1-based physical line where the record starts. */
  line: number;
  /** Header (or JSON key) -> value: strings from CSV/TSV; any JSON value from JSON/JSONL. */
  values: Record<string, unknown>;
  /** The header row of a CSV/TSV file; absent for JSON input, whose keys vary per record. */
  headers?: readonly string[];
}
