/**
 * Which format a command writes when --format is not given: the output file's extension when
 * it names one; a table for people at a terminal, a machine format in pipes. An output file
 * whose extension names no format is a usage error rather than a guess (writing JSON lines
 * into `scores.npy` or `report.tsv` helps nobody).
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { stdoutIsTerminal } from './io.js';

export interface FormatChoice<F extends string> {
  formats: readonly F[];
  /** Lower-case extensions without the dot, and the format each one names. */
  extensions: Readonly<Record<string, F>>;
  /** With no output file: on a terminal, and in a pipe. */
  terminal: F;
  pipe: F;
}

/**
 * @example
 * outputFormat(undefined, 'scores.csv', SCORE_FORMATS); // 'csv'
 * outputFormat(undefined, 'scores.tsv', SCORE_FORMATS); // UsageError: cannot tell the output format …
 */
export function outputFormat<F extends string>(format: F | undefined, output: string | undefined, choice: FormatChoice<F>): F {
  if (format !== undefined) return format;
  if (output === undefined || output === '-') return stdoutIsTerminal() ? choice.terminal : choice.pipe;
  const ext = path.extname(output).slice(1).toLowerCase();
  const named = Object.hasOwn(choice.extensions, ext) ? choice.extensions[ext] : undefined;
  if (named !== undefined) return named;
  const known = Object.entries(choice.extensions).map(([e, f]) => (e === f ? `.${e}` : `.${e} (${f})`));
  throw new UsageError(
    `cannot tell the output format from '${output}'${ext === '' ? ' (no extension)' : ` (.${ext} is not one)`}: give --format ${choice.formats.join('|')}, or name the file ${known.join(', ')}`,
  );
}
