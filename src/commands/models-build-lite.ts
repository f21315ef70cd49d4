/** `resumator models build-lite`: compile the bundled word vectors into a lite model directory. */
import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { buildLiteModel } from '../lite/build-lite.js';
import { ensureLiteModel } from '../lite/lite-cache.js';
import { liteVariantId, validateLiteVariant, type LiteVariant } from '../lite/lite-variant.js';
import type { Reporter } from '../reporter.js';

export interface ModelsBuildLiteOptions {
  variant: LiteVariant;
  /** Directory to create; undefined builds into the model cache, where `--model lite` finds it. */
  out?: string;
  /** wink-embeddings JSON file; default: the installed package. */
  source?: string;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** Builds (or finds, in the cache) the variant and prints its directory; returns it. */
export async function modelsBuildLiteCommand(options: ModelsBuildLiteOptions): Promise<string> {
  const variant = validateLiteVariant(options.variant);
  const { reporter } = options;
  const source = options.source === undefined ? {} : { source: options.source };
  let dir: string;
  if (options.out === undefined) {
    dir = await ensureLiteModel(variant, { ...source, notice: (m) => reporter.notice(m) });
  } else {
    if ((await stat(options.out).catch(() => undefined)) !== undefined) {
      throw new UsageError(`--out '${options.out}' already exists; remove it or choose a new directory`);
    }
    reporter.notice(`building the lite model ${liteVariantId(variant)} into ${options.out}`);
    dir = (await buildLiteModel({ out: options.out, variant, ...source })).dir;
  }
  options.write(`${dir}\n`);
  return dir;
}
