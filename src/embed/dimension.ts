import { UsageError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';

/**
 * Picks the embedding dimension: `--dim` when given, else the model directory's declared
 * default_dim (resumator.json), else the native width. Matryoshka-trained models keep quality
 * at their declared dims; another width is allowed, with a note through `warn`.
 *
 * @example
 * resolveDim(256, model, 768); // 256
 * resolveDim(1024, model, 768); // throws UsageError: --dim 1024 exceeds ...
 */
export function resolveDim(requested: number | undefined, model: ModelDirectory, nativeDim: number, warn: (message: string) => void = () => undefined): number {
  const choices = model.matryoshkaDims.length > 0 ? `the model declares ${model.matryoshkaDims.join(', ')}` : `use 1..${nativeDim}`;
  if (requested === undefined) return Math.min(model.defaultDim ?? nativeDim, nativeDim);
  if (!Number.isInteger(requested) || requested < 1) throw new UsageError(`--dim must be a positive integer (${choices})`);
  if (requested > nativeDim) {
    throw new UsageError(`--dim ${requested} exceeds the model's native dimension ${nativeDim} (${choices})`);
  }
  const declared = model.matryoshkaDims;
  if (declared.length > 0 && requested !== nativeDim && !declared.includes(requested)) {
    warn(`note: --dim ${requested} is not one of the dims ${model.name} was trained to truncate to (${declared.join(', ')}): its quality at ${requested} is unknown`);
  }
  return requested;
}
