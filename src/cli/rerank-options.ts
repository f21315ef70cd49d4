/**
 * The flags `rerank` and `eval rerank` share, declared and converted once so the two commands
 * cannot drift apart (src/commands/rerank-settings.ts turns the result into pipeline settings).
 */
import { Option, type Command } from 'commander';
import type { RerankModelOptions } from '../commands/rerank-settings.js';
import { DEFAULT_BATCH_SIZE } from '../embed/embedder.js';
import { parseColumnOverrides } from '../input/columns.js';
import { INPUT_FORMATS, type InputFormat } from '../input/types.js';
import { CE_SCORE_MODES, type CeScoreMode } from '../rerank/ce-score.js';
import { DEFAULT_PAIR_BATCH_SIZE } from '../rerank/cross-encoder.js';
import { JOB_TITLE_SCHEMA } from '../rerank/job-titles.js';
import { DEFAULT_ALPHA, DEFAULT_CANDIDATES } from '../rerank/pipeline.js';
import { PLAIN_SKILL_SCHEMA, SKILL_TEXTS, type SkillText } from '../rerank/skills.js';
import { positiveInt, unitInterval } from './option-parsers.js';
import { addCacheOptions, cacheFile } from './shared-options.js';
import { terminalReporter } from './terminal-reporter.js';

/** The typed flags that {@link addRerankModelOptions} declares. */
export interface RerankModelFlags {
  retriever?: string;
  reranker?: string;
  candidates: number;
  alpha: number;
  ceScore: CeScoreMode;
  skillText: SkillText;
  fullRanking: boolean;
  dim?: number;
  batchSize: number;
  pairBatchSize: number;
  threads?: number;
  inputFormat?: InputFormat;
  skillColumns?: string;
  jobColumns?: string;
  quiet: boolean;
  /** --cache FILE, false for --no-cache, undefined for the default location. */
  cache?: string | false;
}

/**
 * Declares the model, pipeline and input flags of both rerank commands; `titlesFlag` is the
 * option that names the job-title file (`--jobs` for rerank, `--queries` for eval rerank).
 *
 * @example
 * addRerankModelOptions(program.command('rerank'), '--jobs').option('--run-tag <tag>', ...);
 */
export function addRerankModelOptions(command: Command, titlesFlag: string): Command {
  const withModels = command
    .addOption(
      new Option('--retriever <model>', 'stage-1 bi-encoder: model directory, Hub repo id OWNER/NAME[@REV] or lite[:settings] (default: the cached real model, else lite, with a notice; see docs/models.md)').env(
        'RESUMATOR_MODEL',
      ),
    )
    .option('--reranker <model>', 'stage-2 cross-encoder (BertForSequenceClassification with id2label): directory or Hub repo id; without it stage 2 is skipped')
    .option('--candidates <k>', 'skills retrieved per title and reranked (capped at the corpus size)', positiveInt, DEFAULT_CANDIDATES)
    .option('--alpha <a>', 'weight of the bi-encoder in the blend (0..1)', unitInterval, DEFAULT_ALPHA)
    .addOption(new Option('--ce-score <mode>', 'stage-2 score blended: core logit, P(core), or expected class P(contextual)+2P(core)').choices(CE_SCORE_MODES).default('logit'))
    .addOption(new Option('--skill-text <what>', 'what stage 1 embeds per skill').choices(SKILL_TEXTS).default('label'))
    .option('--full-ranking', 'list every skill: the reranked top K, then the rest in bi-encoder order (TalentCLEF scores the whole list)', false)
    .addOption(new Option('--input-format <format>', `format of ${titlesFlag} and --skills (default: extension, else sniffed)`).choices(INPUT_FORMATS))
    .option('--skill-columns <map>', 'column overrides for --skills (plain layout), e.g. id=code,name=title,aliases=synonyms')
    .option('--job-columns <map>', `column overrides for ${titlesFlag}, e.g. id=code,title=position`)
    .option('--dim <n>', 'Matryoshka dimension of the retriever', positiveInt)
    .option('--batch-size <n>', 'texts per embedding batch', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--pair-batch-size <n>', 'pairs per cross-encoder batch', positiveInt, DEFAULT_PAIR_BATCH_SIZE)
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false);
  return addCacheOptions(withModels);
}

/**
 * The command options those flags stand for: column maps parsed, a terminal reporter.
 *
 * @example
 * await rerankCommand({ ...rerankModelOptions(flags), job: flags.job, ... });
 */
export function rerankModelOptions(flags: RerankModelFlags): RerankModelOptions {
  return {
    retriever: flags.retriever,
    reranker: flags.reranker,
    candidates: flags.candidates,
    alpha: flags.alpha,
    ceScore: flags.ceScore,
    skillText: flags.skillText,
    fullRanking: flags.fullRanking,
    dim: flags.dim,
    batchSize: flags.batchSize,
    pairBatchSize: flags.pairBatchSize,
    threads: flags.threads,
    inputFormat: flags.inputFormat,
    skillColumns: flags.skillColumns === undefined ? undefined : parseColumnOverrides(flags.skillColumns, PLAIN_SKILL_SCHEMA),
    jobColumns: flags.jobColumns === undefined ? undefined : parseColumnOverrides(flags.jobColumns, JOB_TITLE_SCHEMA),
    cache: cacheFile(flags),
    reporter: terminalReporter({ quiet: flags.quiet }),
  };
}
