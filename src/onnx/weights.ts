/**
 * Model weights keyed by their Hugging Face tensor names, e.g.
 * `encoder.layer.0.attention.self.query.weight`. Linear weights keep PyTorch's
 * [out_features, in_features] layout; graph builders transpose them as they need.
 */
import { ModelError } from '../errors.js';

export interface WeightTensor {
  dims: number[];
  data: Float32Array;
}

export type WeightStore = Map<string, WeightTensor>;

/**
 * Returns the tensor `name`, checking its shape. `file` (the checkpoint) is named in errors.
 *
 * @example
 * const emb = requireTensor(store, 'embeddings.word_embeddings.weight', [30522, 384]);
 */
export function requireTensor(store: WeightStore, name: string, expectedDims: readonly number[], file?: string): WeightTensor {
  const tensor = store.get(name);
  if (tensor === undefined) throw new ModelError(`missing tensor '${name}' (expected shape [${expectedDims.join(', ')}])`, file);
  const sameShape = tensor.dims.length === expectedDims.length && tensor.dims.every((d, i) => d === expectedDims[i]);
  if (!sameShape) {
    throw new ModelError(`tensor '${name}' has shape [${tensor.dims.join(', ')}], expected [${expectedDims.join(', ')}]`, file);
  }
  const count = expectedDims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== count) {
    throw new ModelError(`tensor '${name}' has ${tensor.data.length} values, shape [${expectedDims.join(', ')}] needs ${count}`, file);
  }
  return tensor;
}
