import { UsageError } from '../errors.js';
import { loadModelDirectory, type ModelDirectory } from './model-dir.js';

/**
 * Turns `--model` (or RESUMATOR_MODEL, which commander maps onto it) into a loaded model
 * directory. Hub ids arrive with the models issue; today a directory is required.
 */
export async function resolveModel(spec: string | undefined): Promise<ModelDirectory> {
  if (spec === undefined || spec.trim() === '') {
    throw new UsageError(
      'no model given: pass --model DIR or set RESUMATOR_MODEL (to try resumator out: --model fixtures/models/tiny-bert, a random-weight test model whose scores are meaningless)',
    );
  }
  return loadModelDirectory(spec);
}
