/**
 * The converter the CLI hands to pulls: the one place that binds the pull pipeline to the
 * safetensors-to-ONNX converter (src/convert).
 */
import { convertCheckpoint } from '../convert/convert-checkpoint.js';
import type { ConvertFn } from './pull-model.js';

/**
 * Matryoshka dims of published models whose files do not record them (sentence-transformers
 * keeps them only in the training code and the model card). From the Resumator v2 card.
 */
const KNOWN_MATRYOSHKA_DIMS: Readonly<Record<string, readonly number[]>> = {
  'shankerram3/resumator': [768, 384, 256, 128],
};

export const defaultConvert: ConvertFn = async (srcDir, outDir, spec) => {
  const matryoshkaDims = KNOWN_MATRYOSHKA_DIMS[spec.repo];
  await convertCheckpoint(srcDir, outDir, {
    name: spec.repo,
    source: `${spec.repo}@${spec.revision}`,
    ...(matryoshkaDims === undefined ? {} : { matryoshkaDims }),
  });
};
