import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { rerankCommand } from '../commands/rerank.js';
import { DEFAULT_BATCH_SIZE } from '../embed/embedder.js';
import { parseColumnOverrides } from '../input/columns.js';
import { INPUT_FORMATS, type InputFormat } from '../input/types.js';
import { JOB_TITLE_SCHEMA } from '../rerank/job-titles.js';
import { CE_SCORE_MODES, type CeScoreMode } from '../rerank/ce-score.js';
import { DEFAULT_PAIR_BATCH_SIZE } from '../rerank/cross-encoder.js';
import { DEFAULT_ALPHA, DEFAULT_CANDIDATES } from '../rerank/pipeline.js';
import { DEFAULT_RUN_TAG, RERANK_FORMATS, type RerankFormat } from '../rerank/render-rerank.js';
import { PLAIN_SKILL_SCHEMA, SKILL_TEXTS, type SkillText } from '../rerank/skills.js';
import { finiteNumber, positiveInt } from './option-parsers.js';
import { terminalReporter } from './terminal-reporter.js';

interface RerankFlags {
  job: string[];
  jobs?: string;
  skills: string;
  retriever?: string;
  reranker?: string;
  candidates: number;
  alpha: number;
  ceScore: CeScoreMode;
  skillText: SkillText;
  fullRanking: boolean;
  ann: boolean;
  annEf?: number;
  dim?: number;
  batchSize: number;
  pairBatchSize: number;
  threads?: number;
  format?: RerankFormat;
  runTag: string;
  inputFormat?: InputFormat;
  skillColumns?: string;
  jobColumns?: string;
  output?: string;
  quiet: boolean;
}

function unitInterval(value: string): number {
  const n = finiteNumber(value);
  if (n < 0 || n > 1) throw new InvalidArgumentError('must be between 0 and 1.');
  return n;
}

export function registerRerank(program: Command): void {
  program
    .command('rerank')
    .description('rank skills for job titles: bi-encoder retrieval of the top K, cross-encoder rescoring, blended scores (see docs/rerank.md)')
    .option('--job <title>', 'a job title (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--jobs <file>', 'job titles file: CSV/TSV/JSONL with id and title columns (TalentCLEF queries work as is)')
    .requiredOption('--skills <file>', 'skills: ESCO skills_en.csv, TalentCLEF corpus_elements, or CSV/TSV/JSONL with id, name[, aliases]')
    .addOption(new Option('--retriever <model>', 'stage-1 bi-encoder: model directory (see docs/models.md)').env('RESUMATOR_MODEL'))
    .option('--reranker <model>', 'stage-2 cross-encoder directory (BertForSequenceClassification with id2label); without it stage 2 is skipped')
    .option('-k, --candidates <k>', 'skills retrieved per title and reranked', positiveInt, DEFAULT_CANDIDATES)
    .option('--alpha <a>', 'weight of the bi-encoder in the blend (0..1)', unitInterval, DEFAULT_ALPHA)
    .addOption(new Option('--ce-score <mode>', 'stage-2 score blended: core logit, P(core), or expected class P(contextual)+2P(core)').choices(CE_SCORE_MODES).default('logit'))
    .addOption(new Option('--skill-text <what>', 'what stage 1 embeds per skill').choices(SKILL_TEXTS).default('label'))
    .option('--full-ranking', 'list every skill: the reranked top K, then the rest in bi-encoder order', false)
    .option('--ann', 'approximate stage 1 with an HNSW index (hnswlib-node) for very large corpora; default exact', false)
    .option('--ann-ef <n>', 'HNSW query-time candidate list (default 2 x candidates)', positiveInt)
    .addOption(new Option('-f, --format <format>', 'output format (default: from --output\'s extension, else table on a terminal, else jsonl)').choices(RERANK_FORMATS))
    .option('--run-tag <tag>', 'last column of --format trec', DEFAULT_RUN_TAG)
    .option('-o, --output <file>', 'write the output here atomically (default: stdout)')
    .addOption(new Option('--input-format <format>', 'format of --jobs and --skills (default: extension, else sniffed)').choices(INPUT_FORMATS))
    .option('--skill-columns <map>', 'column overrides for --skills (plain layout), e.g. id=code,name=title,aliases=synonyms')
    .option('--job-columns <map>', 'column overrides for --jobs, e.g. id=code,title=position')
    .option('--dim <n>', 'Matryoshka dimension of the retriever', positiveInt)
    .option('--batch-size <n>', 'texts per embedding batch', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--pair-batch-size <n>', 'pairs per cross-encoder batch', positiveInt, DEFAULT_PAIR_BATCH_SIZE)
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false)
    .action(async (flags: RerankFlags) => {
      await rerankCommand({
        job: flags.job,
        jobs: flags.jobs,
        skills: flags.skills,
        retriever: flags.retriever,
        reranker: flags.reranker,
        candidates: flags.candidates,
        alpha: flags.alpha,
        ceScore: flags.ceScore,
        skillText: flags.skillText,
        fullRanking: flags.fullRanking,
        ann: flags.ann,
        annEf: flags.annEf,
        dim: flags.dim,
        batchSize: flags.batchSize,
        pairBatchSize: flags.pairBatchSize,
        threads: flags.threads,
        format: flags.format ?? defaultFormat(flags.output),
        runTag: flags.runTag,
        inputFormat: flags.inputFormat,
        skillColumns: flags.skillColumns === undefined ? undefined : parseColumnOverrides(flags.skillColumns, PLAIN_SKILL_SCHEMA),
        jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_TITLE_SCHEMA),
        output: flags.output,
        reporter: terminalReporter({ quiet: flags.quiet }),
        write: (chunk) => process.stdout.write(chunk),
      });
    });
}

/** A file's extension decides when it names a format (.run and .trec mean trec); else table on a terminal, jsonl in pipes. */
function defaultFormat(output: string | undefined): RerankFormat {
  const ext = output === undefined ? '' : path.extname(output).slice(1).toLowerCase();
  if (ext === 'run') return 'trec';
  if ((RERANK_FORMATS as readonly string[]).includes(ext)) return ext as RerankFormat;
  if (output !== undefined && output !== '-') return 'jsonl';
  return process.stdout.isTTY === true ? 'table' : 'jsonl';
}
