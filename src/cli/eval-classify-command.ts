import { Option, type Command } from 'commander';
import { evalClassifyCommand } from '../commands/eval-classify.js';
import { parseColumnOverrides } from '../input/columns.js';
import { INPUT_FORMATS, type InputFormat } from '../input/types.js';
import { DECISION_SCHEMA } from '../eval/decisions-file.js';
import { addEvalOutputOptions, evalFormat, type EvalOutputFlags } from './eval-options.js';
import { finiteNumber } from './option-parsers.js';
import { writeStdout } from './io.js';

interface EvalClassifyFlags extends EvalOutputFlags {
  threshold?: number;
  calibrate: boolean;
  gold?: string;
  minPrecision?: number;
  columns?: string;
  inputFormat?: InputFormat;
}

export function registerEvalClassify(evalGroup: Command): void {
  const command = evalGroup
    .command('classify')
    .description('accuracy, precision/recall/F1 per class and the confusion matrix of SELECTED/REJECTED decisions; --calibrate finds a score threshold')
    .argument('<file>', 'labelled items: gold decision plus a decision column, or a score column with --threshold/--calibrate')
    .option('--gold <file>', 'gold decisions per (candidate, job) in their own file (columns candidate, job, gold); <file> then holds the system\'s, e.g. `screen` jsonl or csv output')
    .option('--threshold <t>', 'decide SELECTED when score >= t (instead of the decision column)', finiteNumber)
    .option('--calibrate', 'find the threshold with the highest SELECTED recall at SELECTED precision >= --min-precision', false)
    .option('--min-precision <p>', 'target SELECTED precision for --calibrate, in (0, 1]', finiteNumber)
    .option('--columns <map>', 'column overrides, e.g. gold=truth,score=cosine')
    .addOption(new Option('--input-format <format>', 'input format (default: from the file extension)').choices(INPUT_FORMATS));
  addEvalOutputOptions(command).action(async (file: string, flags: EvalClassifyFlags) => {
    if (flags.calibrate !== (flags.minPrecision !== undefined)) {
      command.error('error: --calibrate and --min-precision <p> go together (e.g. --calibrate --min-precision 0.95)');
    }
    await evalClassifyCommand({
      file,
      gold: flags.gold,
      columns: flags.columns === undefined ? undefined : parseColumnOverrides(flags.columns, DECISION_SCHEMA),
      inputFormat: flags.inputFormat,
      threshold: flags.threshold,
      calibrateMinPrecision: flags.minPrecision,
      gates: flags.min,
      format: evalFormat(flags),
      output: flags.output,
      write: writeStdout,
    });
  });
}
