import path from 'node:path';
import { Command, Option } from 'commander';
import { scoreCommand } from '../commands/score.js';
import { CANDIDATE_SCHEMA, JOB_SCHEMA, parseColumnOverrides } from '../input/columns.js';
import type { InputFormat } from '../input/types.js';
import { DEFAULT_THRESHOLDS } from '../report/labels.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/score/render.js';
import type { GroupBy } from '../similarity/top-k.js';
import { finiteNumber, positiveInt } from './option-parsers.js';
import { addInputOptions, addModelOptions, cacheFile, type ModelFlags } from './shared-options.js';
import { addStoreOptions, type StoreFlags } from './store-options.js';
import { storeScoreSettings, addStoreSearchOptions, type StoreSearchFlags } from './store-search-options.js';
import { terminalReporter } from './terminal-reporter.js';
import { writeStdout, stdoutIsTerminal } from './io.js';

interface ScoreFlags extends ModelFlags, StoreFlags, StoreSearchFlags {
  top: number;
  per: GroupBy;
  minScore?: number;
  good: number;
  bad: number;
  selectThreshold?: number;
  format?: OutputFormat;
  output?: string;
  matrix?: string;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: string;
  jobColumns?: string;
}

export function registerScore(program: Command): void {
  const command = program
    .command('score')
    .description('score every candidate against every job: top matches, labels and the score distribution')
    .argument('<candidates>', 'candidates file: CSV, TSV, JSONL or JSON ("-" for stdin)')
    .argument('<jobs>', 'jobs file: CSV, TSV, JSONL or JSON ("-" for stdin)')
    .option('-k, --top <k>', 'matches kept per group', positiveInt, 10)
    .addOption(new Option('--per <side>', 'group matches per job (best candidates) or per candidate (best jobs)').choices(['job', 'candidate']).default('job'))
    .option('--min-score <s>', 'drop matches scoring below s', finiteNumber)
    .option('--good <s>', 'label good at or above this score', finiteNumber, DEFAULT_THRESHOLDS.good)
    .option('--bad <s>', 'label bad at or below this score', finiteNumber, DEFAULT_THRESHOLDS.bad)
    .option('--select-threshold <t>', 'also decide each match: SELECTED when score >= t, else REJECTED (t from eval classify --calibrate)', finiteNumber)
    .addOption(new Option('-f, --format <format>', 'output format (default: from --output\'s extension, else table on a terminal, else jsonl)').choices(OUTPUT_FORMATS))
    .option('-o, --output <file>', 'write the report here atomically (default: stdout)')
    .option('--matrix <file.csv>', 'also write the full candidates x jobs score matrix as CSV')
    .option('--candidate-columns <map>', 'column overrides for candidates, e.g. name=full_name,resume=cv_text')
    .option('--job-columns <map>', 'column overrides for jobs, e.g. description=body');
  addStoreSearchOptions(addStoreOptions(addModelOptions(addInputOptions(command)))).action(async (candidates: string, jobs: string, flags: ScoreFlags) => {
    await scoreCommand({
      candidates,
      jobs,
      model: flags.model,
      dim: flags.dim,
      batchSize: flags.batchSize,
      threads: flags.threads,
      cache: cacheFile(flags),
      top: flags.top,
      per: flags.per,
      minScore: flags.minScore,
      thresholds: { good: flags.good, bad: flags.bad },
      selectThreshold: flags.selectThreshold,
      format: flags.format ?? defaultFormat(flags.output),
      output: flags.output,
      matrix: flags.matrix,
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      candidateColumns: flags.candidateColumns === undefined ? undefined : parseColumnOverrides(flags.candidateColumns, CANDIDATE_SCHEMA),
      jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_SCHEMA),
      store: storeScoreSettings(flags),
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: writeStdout,
    });
  });
}

/** A file's extension decides when it names a format; otherwise people get a table, pipes get jsonl. */
function defaultFormat(output: string | undefined): OutputFormat {
  const ext = output === undefined ? '' : path.extname(output).slice(1).toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(ext)) return ext as OutputFormat;
  if (output !== undefined && output !== '-') return 'jsonl';
  return stdoutIsTerminal() ? 'table' : 'jsonl';
}
