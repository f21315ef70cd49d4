import { UsageError } from '../errors.js';
import { resolveModelSource, type ModelSourceOptions } from '../hub/resolve-hub-model.js';
import { loadModelDirectory, type ModelDirectory } from './model-dir.js';

/**
 * Turns `--model` (or RESUMATOR_MODEL, which commander maps onto it) into a loaded model
 * directory: a directory path, or a Hub repo id `owner/name[@rev]` resolved from the cache and
 * pulled on demand (see docs/models.md, "Pulling from the Hub").
 */
export async function resolveModel(spec: string | undefined, options: ModelSourceOptions = {}): Promise<ModelDirectory> {
  if (spec === undefined || spec.trim() === '') {
    throw new UsageError(
      'no model given: pass --model DIR or set RESUMATOR_MODEL (to try resumator out: --model fixtures/models/tiny-bert, a random-weight test model whose scores are meaningless)',
    );
  }
  return loadModelDirectory(await resolveModelSource(spec, options));
}
