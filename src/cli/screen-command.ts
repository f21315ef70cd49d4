/** `resumator screen`: flags to options; the work is in src/commands/screen.ts. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { screenCommand } from '../commands/screen.js';
import { CANDIDATE_SCHEMA, JOB_SCHEMA, parseColumnOverrides } from '../input/columns.js';
import { INPUT_FORMATS, type InputFormat } from '../input/types.js';
import { SCREEN_FORMATS, type ScreenFormat } from '../report/screen.js';
import { DEFAULT_LABELS, parseLabels } from '../screen/labels.js';
import { writeStdout } from './io.js';
import { positiveInt, unitInterval } from './option-parsers.js';
import { outputFormat, type FormatChoice } from './output-format.js';
import { addCacheOptions, cacheFile } from './shared-options.js';
import { terminalReporter } from './terminal-reporter.js';

interface ScreenFlags {
  model?: string;
  job?: string;
  jobText?: string;
  prompt?: string;
  labels: [string, string];
  threshold: number;
  reasons: boolean;
  maxNewTokens?: number;
  maxPromptTokens?: number;
  shortlist?: number;
  retriever?: string;
  batchSize: number;
  threads?: number;
  cache?: string | false;
  blind: boolean;
  inputFormat?: InputFormat;
  candidateColumns?: string;
  jobColumns?: string;
  format?: ScreenFormat;
  output?: string;
  quiet: boolean;
}

const SCREEN_FORMAT_CHOICE: FormatChoice<ScreenFormat> = {
  formats: SCREEN_FORMATS,
  extensions: { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', txt: 'table' },
  terminal: 'table',
  pipe: 'jsonl',
};

export function registerScreen(program: Command): void {
  const command = program
    .command('screen')
    .description('decide SELECTED or REJECTED for candidate x job pairs with a small causal language model (label probabilities, optional reasons; see docs/screen.md)')
    .argument('<candidates>', 'candidates file: CSV, TSV, JSONL or JSON ("-" for stdin)')
    .argument('[jobs]', 'jobs file (or give one job with --job / --job-text)')
    .addOption(new Option('-m, --model <model>', 'the causal LM: a model directory (converted by `models convert`, or an ONNX export with a KV cache) or a Hub repo id OWNER/NAME[@REV]').env('RESUMATOR_SCREEN_MODEL'))
    .option('--job <title>', 'one job: its title (with --job-text for its description)')
    .option('--job-text <file>', "one job: a text file with its description")
    .option('--prompt <file>', 'prompt text with {job} and {candidate} (and optionally {selected}, {rejected}) placeholders (default: the versioned prompt of docs/screen.md)')
    .option('--labels <a,b>', 'the two answers, the selected one first', labelsArg, [...DEFAULT_LABELS] as [string, string])
    .option('--threshold <t>', 'SELECTED when P(selected) >= t (eval classify --calibrate finds one)', unitInterval, 0.5)
    .option('--reasons', 'also generate a short reason after each decision (greedy)', false)
    .option('--max-new-tokens <n>', 'longest reason in tokens (default: generation_config.json max_new_tokens, else 48)', positiveInt)
    .option('--max-prompt-tokens <n>', "longest prompt; longer resumes are cut (default: the model's context length)", positiveInt)
    .option('--shortlist <n>', 'screen only the top n candidates per job by the bi-encoder of `score` (stated in the output)', positiveInt)
    .option('--retriever <model>', 'bi-encoder of --shortlist (default: as score\'s --model: the cached real model, else lite)')
    .option('--batch-size <n>', 'candidates per model run', positiveInt, 8)
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('--blind', 'leave the Name line out of candidate texts (see README: fairness)', false)
    .addOption(new Option('--input-format <format>', 'input format (default: from the file extension; sniffed for stdin)').choices(INPUT_FORMATS))
    .option('--candidate-columns <map>', 'column overrides for candidates, e.g. name=full_name,resume=cv_text')
    .option('--job-columns <map>', 'column overrides for jobs, e.g. description=body')
    .addOption(new Option('-f, --format <format>', "output format (default: from --output's extension, else table on a terminal, else jsonl)").choices(SCREEN_FORMATS))
    .option('-o, --output <file>', 'write the results here atomically (default: stdout)')
    .option('-q, --quiet', 'no progress bars or notices on stderr', false);
  addCacheOptions(command).action(async (candidates: string, jobs: string | undefined, flags: ScreenFlags) => {
    await screenCommand({
      candidates,
      jobs,
      job: flags.job,
      jobText: flags.jobText,
      model: flags.model,
      prompt: flags.prompt,
      labels: flags.labels,
      threshold: flags.threshold,
      reasons: flags.reasons,
      maxNewTokens: flags.maxNewTokens,
      maxPromptTokens: flags.maxPromptTokens,
      shortlist: flags.shortlist,
      retriever: flags.retriever,
      batchSize: flags.batchSize,
      threads: flags.threads,
      cache: cacheFile(flags),
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      candidateColumns: flags.candidateColumns === undefined ? undefined : parseColumnOverrides(flags.candidateColumns, CANDIDATE_SCHEMA),
      jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_SCHEMA),
      format: outputFormat(flags.format, flags.output, SCREEN_FORMAT_CHOICE),
      output: flags.output,
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: writeStdout,
    });
  });
}

function labelsArg(value: string): [string, string] {
  try {
    return parseLabels(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
