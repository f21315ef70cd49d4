import type { Command } from 'commander';
import { evalPairsCommand } from '../commands/eval-pairs.js';
import { CANDIDATE_SCHEMA, JOB_SCHEMA, parseColumnOverrides } from '../input/columns.js';
import type { InputFormat } from '../input/types.js';
import { PAIR_SCHEMA } from '../eval/pairs-file.js';
import { CARD_BANDS } from '../metrics/pair-metrics.js';
import { addEvalOutputOptions, evalFormat, type EvalOutputFlags } from './eval-options.js';
import { finiteNumber } from './option-parsers.js';
import { addInputOptions, addModelOptions, cacheFile, type ModelFlags } from './shared-options.js';
import { terminalReporter } from './terminal-reporter.js';
import { writeStdout } from './io.js';

interface EvalPairsFlags extends EvalOutputFlags, ModelFlags {
  scores?: string;
  candidates?: string;
  jobs?: string;
  good: number;
  bad: number;
  blind: boolean;
  inputFormat?: InputFormat;
  pairColumns?: string;
  candidateColumns?: string;
  jobColumns?: string;
}

export function registerEvalPairs(evalGroup: Command): void {
  const command = evalGroup
    .command('pairs')
    .description('Spearman, Pearson, ranking accuracy, separation and IQR of system scores on judged candidate-job pairs')
    .argument('<pairs>', 'judged pairs: candidate id, job id, gold score in [0, 1] (CSV, TSV, JSONL or JSON)')
    .option('--scores <file>', 'precomputed system scores: candidate, job, score columns (instead of --model)')
    .option('--candidates <file>', 'candidates file the pair ids refer to (with --model)')
    .option('--jobs <file>', 'jobs file the pair ids refer to (with --model)')
    .option('--good <s>', 'gold at or above this is a good pair', finiteNumber, CARD_BANDS.good)
    .option('--bad <s>', 'gold at or below this is a bad pair', finiteNumber, CARD_BANDS.bad)
    .option('--pair-columns <map>', 'column overrides for the pairs file, e.g. candidate=cv,gold=y')
    .option('--candidate-columns <map>', 'column overrides for candidates, e.g. resume=cv_text')
    .option('--job-columns <map>', 'column overrides for jobs, e.g. description=body');
  const modelHelp = 'the system to evaluate: model directory, Hub repo id OWNER/NAME[@REV] or lite[:settings], with --candidates and --jobs (give --model or --scores; there is no default)';
  addEvalOutputOptions(addModelOptions(addInputOptions(command), modelHelp)).action(async (pairs: string, flags: EvalPairsFlags) => {
    // RESUMATOR_MODEL in the environment must not clash with an explicit --scores.
    const model = flags.scores !== undefined && command.getOptionValueSource('model') === 'env' ? undefined : flags.model;
    await evalPairsCommand({
      pairs,
      pairColumns: flags.pairColumns === undefined ? undefined : parseColumnOverrides(flags.pairColumns, PAIR_SCHEMA),
      scores: flags.scores,
      model,
      candidates: flags.candidates,
      jobs: flags.jobs,
      dim: flags.dim,
      batchSize: flags.batchSize,
      threads: flags.threads,
      cache: cacheFile(flags),
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      candidateColumns: flags.candidateColumns === undefined ? undefined : parseColumnOverrides(flags.candidateColumns, CANDIDATE_SCHEMA),
      jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_SCHEMA),
      bands: { good: flags.good, bad: flags.bad },
      gates: flags.min,
      format: evalFormat(flags),
      output: flags.output,
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: writeStdout,
    });
  });
}
