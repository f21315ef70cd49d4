/** Flags every `eval` subcommand shares: output format and file, and the CI gates. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EVAL_FORMATS, type EvalFormat } from '../report/eval/eval-output.js';
import { outputFormat, type FormatChoice } from './output-format.js';

export interface EvalOutputFlags {
  format?: EvalFormat;
  output?: string;
  min: string[];
}

/** Adds `--format`, `--output` and the repeatable `--min METRIC=VALUE`. */
export function addEvalOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format (default: from --output\'s extension, else table on a terminal, else json)').choices(EVAL_FORMATS))
    .option('-o, --output <file>', 'write the report here atomically (default: stdout)')
    .option('--min <metric=value>', 'CI gate: exit 1 when METRIC is below VALUE (repeatable)', collect, []);
}

const EVAL_FORMAT_CHOICE: FormatChoice<EvalFormat> = { formats: EVAL_FORMATS, extensions: { json: 'json', txt: 'table', html: 'html', htm: 'html' }, terminal: 'table', pipe: 'json' };

/** People at a terminal get a table, pipes json; an output file's extension decides (.json, .txt, .html). */
export function evalFormat(flags: EvalOutputFlags): EvalFormat {
  return outputFormat(flags.format, flags.output, EVAL_FORMAT_CHOICE);
}

/** `--cutoffs 5,10,100`: positive integers, duplicates removed, ascending. */
export function cutoffList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new InvalidArgumentError('must be a comma-separated list of positive integers, e.g. 5,10,100.');
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
