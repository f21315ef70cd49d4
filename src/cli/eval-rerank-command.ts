import { InvalidArgumentError, Option, type Command } from 'commander';
import { evalRerankCommand } from '../commands/eval-rerank.js';
import { DEFAULT_BATCH_SIZE } from '../embed/embedder.js';
import { parseColumnOverrides } from '../input/columns.js';
import { INPUT_FORMATS, type InputFormat } from '../input/types.js';
import { CE_SCORE_MODES, type CeScoreMode } from '../rerank/ce-score.js';
import { DEFAULT_PAIR_BATCH_SIZE } from '../rerank/cross-encoder.js';
import { JOB_TITLE_SCHEMA } from '../rerank/job-titles.js';
import { DEFAULT_ALPHA, DEFAULT_CANDIDATES } from '../rerank/pipeline.js';
import { PLAIN_SKILL_SCHEMA, SKILL_TEXTS, type SkillText } from '../rerank/skills.js';
import { addEvalOutputOptions, cutoffList, evalFormat, type EvalOutputFlags } from './eval-options.js';
import { positiveInt } from './option-parsers.js';
import { terminalReporter } from './terminal-reporter.js';

interface EvalRerankFlags extends EvalOutputFlags {
  queries: string;
  skills: string;
  qrels: string;
  retriever?: string;
  reranker?: string;
  candidates: number;
  alpha: number;
  ceScore: CeScoreMode;
  skillText: SkillText;
  fullRanking: boolean;
  alphaSweep?: number[];
  cutoffs?: number[];
  dim?: number;
  batchSize: number;
  pairBatchSize: number;
  threads?: number;
  inputFormat?: InputFormat;
  skillColumns?: string;
  jobColumns?: string;
  quiet: boolean;
}

/** `0,0.1,0.5,1`: numbers in [0, 1]. */
function alphaList(value: string): number[] {
  const alphas = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (alphas.some((a) => !(a >= 0 && a <= 1))) throw new InvalidArgumentError('must be a comma-separated list of numbers between 0 and 1, e.g. 0,0.1,0.2,...,1 written out.');
  return alphas;
}

function unitInterval(value: string): number {
  const [a] = alphaList(value);
  if (value.includes(',') || a === undefined) throw new InvalidArgumentError('must be a number between 0 and 1.');
  return a;
}

export function registerEvalRerank(evalGroup: Command): void {
  const command = evalGroup
    .command('rerank')
    .description('run the rerank pipeline over queries and report ranking metrics for stage 1 alone and for the blend, side by side')
    .requiredOption('--queries <file>', 'job titles (TalentCLEF queries: q_id, jobtitle)')
    .requiredOption('--skills <file>', 'skills corpus (TalentCLEF corpus_elements, ESCO skills_en.csv, or id,name[,aliases])')
    .requiredOption('--qrels <file>', 'judgements: q_id 0 skill_id rel (restricted to the queries given)')
    .addOption(new Option('--retriever <model>', 'stage-1 bi-encoder directory').env('RESUMATOR_MODEL'))
    .option('--reranker <model>', 'stage-2 cross-encoder directory; without it only stage 1 is evaluated')
    .option('-k, --candidates <k>', 'skills retrieved per title and reranked', positiveInt, DEFAULT_CANDIDATES)
    .option('--alpha <a>', 'weight of the bi-encoder in the blend (0..1)', unitInterval, DEFAULT_ALPHA)
    .option('--alpha-sweep <list>', 'also report the metrics at each alpha, e.g. 0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1', alphaList)
    .addOption(new Option('--ce-score <mode>', 'stage-2 score blended').choices(CE_SCORE_MODES).default('logit'))
    .addOption(new Option('--skill-text <what>', 'what stage 1 embeds per skill').choices(SKILL_TEXTS).default('label'))
    .option('--full-ranking', 'rank every skill (top K reranked, then the rest): TalentCLEF scores the whole list', false)
    .option('--cutoffs <list>', 'cutoffs k for nDCG@k, P@k and recall@k (default: 5,10,100)', cutoffList)
    .addOption(new Option('--input-format <format>', 'format of --queries and --skills (default: extension, else sniffed)').choices(INPUT_FORMATS))
    .option('--skill-columns <map>', 'column overrides for --skills (plain layout)')
    .option('--job-columns <map>', 'column overrides for --queries')
    .option('--dim <n>', 'Matryoshka dimension of the retriever', positiveInt)
    .option('--batch-size <n>', 'texts per embedding batch', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--pair-batch-size <n>', 'pairs per cross-encoder batch', positiveInt, DEFAULT_PAIR_BATCH_SIZE)
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false);
  addEvalOutputOptions(command).action(async (flags: EvalRerankFlags) => {
    await evalRerankCommand({
      queries: flags.queries,
      skills: flags.skills,
      qrels: flags.qrels,
      retriever: flags.retriever,
      reranker: flags.reranker,
      candidates: flags.candidates,
      alpha: flags.alpha,
      ceScore: flags.ceScore,
      skillText: flags.skillText,
      fullRanking: flags.fullRanking,
      alphaSweep: flags.alphaSweep,
      cutoffs: flags.cutoffs,
      dim: flags.dim,
      batchSize: flags.batchSize,
      pairBatchSize: flags.pairBatchSize,
      threads: flags.threads,
      inputFormat: flags.inputFormat,
      skillColumns: flags.skillColumns === undefined ? undefined : parseColumnOverrides(flags.skillColumns, PLAIN_SKILL_SCHEMA),
      jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_TITLE_SCHEMA),
      gates: flags.min,
      format: evalFormat(flags),
      output: flags.output,
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: (chunk) => process.stdout.write(chunk),
    });
  });
}
