import path from 'node:path';
import { Option, type Command } from 'commander';
import { rerankCommand } from '../commands/rerank.js';
import { DEFAULT_RUN_TAG, RERANK_FORMATS, type RerankFormat } from '../report/rerank.js';
import { positiveInt } from './option-parsers.js';
import { addRerankModelOptions, rerankModelOptions, type RerankModelFlags } from './rerank-options.js';
import { writeStdout, stdoutIsTerminal } from './io.js';

interface RerankFlags extends RerankModelFlags {
  job: string[];
  jobs?: string;
  skills: string;
  ann: boolean;
  annEf?: number;
  format?: RerankFormat;
  runTag: string;
  output?: string;
}

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
    .option('--run-tag <tag>', 'last column of --format trec', DEFAULT_RUN_TAG)
    .option('-o, --output <file>', 'write the output here atomically (default: stdout)')
    .action(async (flags: RerankFlags) => {
      await rerankCommand({
        ...rerankModelOptions(flags),
        job: flags.job,
        jobs: flags.jobs,
        skills: flags.skills,
        ann: flags.ann,
        annEf: flags.annEf,
        format: flags.format ?? defaultFormat(flags.output),
        runTag: flags.runTag,
        output: flags.output,
        write: writeStdout,
      });
    });
}

/** A file's extension decides when it names a format (.run and .trec mean trec); else table on a terminal, jsonl in pipes. */
function defaultFormat(output: string | undefined): RerankFormat {
  const ext = output === undefined ? '' : path.extname(output).slice(1).toLowerCase();
  if (ext === 'run') return 'trec';
  if ((RERANK_FORMATS as readonly string[]).includes(ext)) return ext as RerankFormat;
  if (output !== undefined && output !== '-') return 'jsonl';
  return stdoutIsTerminal() ? 'table' : 'jsonl';
}
