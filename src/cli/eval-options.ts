/** Flags every `eval` subcommand shares: output format and file, and the CI gates. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EVAL_FORMATS, type EvalFormat } from '../report/eval/eval-output.js';
import { stdoutIsTerminal } from './io.js';

export interface EvalOutputFlags {
  format?: EvalFormat;
  output?: string;
  min: string[];
}

/** Adds `--format`, `--output` and the repeatable `--min METRIC=VALUE`. */
export function addEvalOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format (default: html for an --output ending .html, table on a terminal, else json)').choices(EVAL_FORMATS))
    .option('-o, --output <file>', 'write the report here atomically (default: stdout)')
    .option('--min <metric=value>', 'CI gate: exit 1 when METRIC is below VALUE (repeatable)', collect, []);
}

/** People at a terminal get a table; pipes and files get json, a `.html` file html. */
export function evalFormat(flags: EvalOutputFlags): EvalFormat {
  if (flags.format !== undefined) return flags.format;
  if (flags.output !== undefined && /\.html?$/i.test(flags.output)) return 'html';
  if (flags.output !== undefined && flags.output !== '-') return 'json';
  return stdoutIsTerminal() ? 'table' : 'json';
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
