/** Flags shared by the commands that read records or run a model, declared once. */
import { Command, Option } from 'commander';
import { INPUT_FORMATS } from '../input/types.js';
import { defaultCachePath } from '../cache/cache-path.js';
import { DEFAULT_BATCH_SIZE } from '../embed/embedder.js';
import { positiveInt } from './option-parsers.js';

export function addInputOptions(command: Command): Command {
  return command
    .addOption(new Option('--input-format <format>', 'input format (default: from the file extension; sniffed for stdin)').choices(INPUT_FORMATS))
    .option('--blind', 'leave the Name line out of candidate texts (see README: fairness)', false);
}

/** --model's help for commands that embed with a default model (the cached real one, else lite). */
export const DEFAULT_MODEL_HELP =
  'model directory (ONNX sentence-transformer layout), Hub repo id OWNER/NAME[@REV] (pulled on demand), or lite[:settings] for the offline word-vector model (default: the cached shankerram3/resumator, else lite; see docs/models.md)';

/** `modelHelp` replaces --model's description where the command has no default model. */
export function addModelOptions(command: Command, modelHelp: string = DEFAULT_MODEL_HELP): Command {
  const withModel = command
    .addOption(new Option('-m, --model <model>', modelHelp).env('RESUMATOR_MODEL'))
    .option('--dim <n>', 'Matryoshka dimension: keep the first n dims and re-normalise (default: the model\'s default_dim, else native)', positiveInt)
    .option('--batch-size <n>', 'texts per inference batch', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)', positiveInt)
    .option('-q, --quiet', 'no progress bars or notices on stderr', false);
  return addCacheOptions(withModel);
}

/** --cache FILE / --no-cache, for every command that embeds (see docs/cache.md). */
export function addCacheOptions(command: Command): Command {
  return command
    .option('--cache <file>', 'embedding cache file (default: $XDG_CACHE_HOME/resumator/embeddings.sqlite, else ~/.cache/resumator/embeddings.sqlite)')
    .option('--no-cache', 'embed every text and read or write no cache file');
}

/**
 * The cache file the flags ask for: --cache FILE, nothing with --no-cache, else the default
 * location.
 */
export function cacheFile(flags: Pick<ModelFlags, 'cache'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flags.cache === false) return undefined;
  return flags.cache ?? defaultCachePath(env);
}

/** The typed subset of flags that addModelOptions declares. */
export interface ModelFlags {
  model?: string;
  dim?: number;
  batchSize: number;
  threads?: number;
  quiet: boolean;
  /** --cache FILE, false for --no-cache, undefined for the default location. */
  cache?: string | false;
}
