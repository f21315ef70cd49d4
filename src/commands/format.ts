import type { ColumnOverrides, InputFormat, RecordKind } from '../input/types.js';
import { loadTexts } from './load-texts.js';

export interface FormatOptions {
  file: string;
  kind: RecordKind;
  blind: boolean;
  inputFormat?: InputFormat;
  columns?: ColumnOverrides;
  /** Where the lines go; the CLI passes stdout. */
  write: (chunk: string) => void;
}

/**
 * `resumator format`: prints the exact text each record would be embedded as, one JSON string
 * per line, in input order, so templates can be inspected and golden-tested.
 */
export async function formatCommand(options: FormatOptions): Promise<void> {
  const { texts } = await loadTexts(options.file, {
    kind: options.kind,
    blind: options.blind,
    format: options.inputFormat,
    columns: options.columns,
  });
  options.write(texts.map((t) => JSON.stringify(t)).join('\n') + (texts.length > 0 ? '\n' : ''));
}
