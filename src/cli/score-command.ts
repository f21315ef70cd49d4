import { Command, Option } from 'commander';
import { scoreCommand } from '../commands/score.js';
import { CANDIDATE_SCHEMA, JOB_SCHEMA, parseColumnOverrides } from '../input/columns.js';
import type { InputFormat } from '../input/types.js';
import { DEFAULT_THRESHOLDS } from '../report/labels.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/score/render.js';
import type { GroupBy } from '../similarity/top-k.js';
import { finiteNumber, nonNegativeInt, positiveInt } from './option-parsers.js';
import type { ExplainOptions } from '../commands/explain-score.js';
import { DEFAULT_TITLE_SKILLS } from '../explain/explanation.js';
import { UsageError } from '../errors.js';
import { addInputOptions, addModelOptions, cacheFile, type ModelFlags } from './shared-options.js';
import { addStoreOptions, type StoreFlags } from './store-options.js';
import { storeScoreSettings, addStoreSearchOptions, type StoreSearchFlags } from './store-search-options.js';
import { terminalReporter } from './terminal-reporter.js';
import { writeStdout } from './io.js';
import { outputFormat, type FormatChoice } from './output-format.js';

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
  explain: boolean;
  skills?: string;
  retriever?: string;
  reranker?: string;
  titleSkills: number;
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
    .option('--job-columns <map>', 'column overrides for jobs, e.g. description=body')
    .option('--explain', 'explain each match: the job\'s skills, which the candidate shows (with evidence spans) and which are missing, skill coverage (docs/explain.md)', false)
    .option('--skills <file>', 'with --explain: skills file, as rerank reads it (ESCO skills_en.csv, TalentCLEF corpus_elements, CSV/TSV/JSONL with id, name[, aliases])')
    .option('--retriever <model>', 'with --explain: bi-encoder ranking skills for each job title (default: the --model)')
    .option('--reranker <model>', 'with --explain: cross-encoder classing title skills core/contextual (default: none)')
    .option('--title-skills <n>', 'with --explain: top skills taken from rerank per job title (0: description matching only)', nonNegativeInt, DEFAULT_TITLE_SKILLS);
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
      format: outputFormat(flags.format, flags.output, SCORE_FORMAT_CHOICE),
      output: flags.output,
      matrix: flags.matrix,
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      candidateColumns: flags.candidateColumns === undefined ? undefined : parseColumnOverrides(flags.candidateColumns, CANDIDATE_SCHEMA),
      jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_SCHEMA),
      explain: explainOptions(flags, command),
      store: storeScoreSettings(flags),
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: writeStdout,
    });
  });
}

/** How score picks its format without --format (see src/cli/output-format.ts). */
const SCORE_FORMAT_CHOICE: FormatChoice<OutputFormat> = {
  formats: OUTPUT_FORMATS,
  extensions: { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', txt: 'table', html: 'html', htm: 'html' },
  terminal: 'table',
  pipe: 'jsonl',
};

/** The --explain options, or undefined; explain-only flags without --explain are a usage error. */
function explainOptions(flags: ScoreFlags, command: Command): ExplainOptions | undefined {
  const given = ['skills', 'retriever', 'reranker', 'titleSkills'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (!flags.explain) {
    if (given.length > 0) throw new UsageError(`${given.map(flagName).join(', ')} only apply with --explain`);
    return undefined;
  }
  if (flags.skills === undefined) throw new UsageError('--explain needs --skills FILE: the ESCO skills_en.csv, a TalentCLEF corpus_elements, or a CSV/TSV/JSONL with id, name[, aliases]');
  return { skills: flags.skills, retriever: flags.retriever, reranker: flags.reranker, titleSkills: flags.titleSkills };
}

function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

