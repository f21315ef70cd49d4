import { Option, type Command } from 'commander';
import { rerankCommand } from '../commands/rerank.js';
import { DEFAULT_RUN_TAG, RERANK_FORMATS, type RerankFormat } from '../report/rerank.js';
import { positiveInt } from './option-parsers.js';
import { addRerankModelOptions, rerankModelOptions, type RerankModelFlags } from './rerank-options.js';
import { stdoutIsTerminal, writeStdout } from './io.js';
import { outputFormat, type FormatChoice } from './output-format.js';

interface RerankFlags extends RerankModelFlags {
  job: string[];
  jobs?: string;
  skills: string;
  ann: boolean;
  annEf?: number;
  format?: RerankFormat;
  runTag: string;
  output?: string;
  top?: number;
}

/** Rows per title a terminal table shows when no --top is given (the full ranking is K rows). */
const TERMINAL_TOP = 10;

export function registerRerank(program: Command): void {
  const command = program
    .command('rerank')
    .description('rank skills for job titles: bi-encoder retrieval of the top K, cross-encoder rescoring, blended scores (see docs/rerank.md)')
    .option('--job <title>', 'a job title (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--jobs <file>', 'job titles file: CSV/TSV/JSONL with id and title columns (TalentCLEF queries work as is)')
    .requiredOption('--skills <file>', 'skills: ESCO skills_en.csv, TalentCLEF corpus_elements, or CSV/TSV/JSONL with id, name[, aliases]');
  addRerankModelOptions(command, '--jobs')
    .option('--ann', 'approximate stage 1 with an HNSW index (hnswlib-node) for very large corpora; default exact', false)
    .option('--ann-ef <n>', 'HNSW query-time candidate list (default 2 x candidates)', positiveInt)
    .addOption(new Option('-f, --format <format>', 'output format (default: from --output\'s extension, else table on a terminal, else jsonl)').choices(RERANK_FORMATS))
    .option('-k, --top <n>', `skills printed per title (default: ${TERMINAL_TOP} in a table on a terminal, else all retrieved)`, positiveInt)
    .option('--run-tag <tag>', 'last column of --format trec', DEFAULT_RUN_TAG)
    .option('-o, --output <file>', 'write the output here atomically (default: stdout)')
    .action(async (flags: RerankFlags) => {
      const format = outputFormat(flags.format, flags.output, RERANK_FORMAT_CHOICE);
      const toTerminal = (flags.output === undefined || flags.output === '-') && stdoutIsTerminal();
      await rerankCommand({
        ...rerankModelOptions(flags),
        job: flags.job,
        jobs: flags.jobs,
        skills: flags.skills,
        ann: flags.ann,
        annEf: flags.annEf,
        format,
        top: flags.top ?? (format === 'table' && toTerminal ? TERMINAL_TOP : undefined),
        runTag: flags.runTag,
        output: flags.output,
        write: writeStdout,
      });
    });
}

/** How rerank picks its format without --format (.run and .trec are TREC runs). */
const RERANK_FORMAT_CHOICE: FormatChoice<RerankFormat> = {
  formats: RERANK_FORMATS,
  extensions: { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', html: 'html', htm: 'html', txt: 'table', trec: 'trec', run: 'trec' },
  terminal: 'table',
  pipe: 'jsonl',
};
