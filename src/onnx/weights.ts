/**
 * Model weights keyed by their Hugging Face tensor names, e.g.
 * `encoder.layer.0.attention.self.query.weight`. Linear weights keep PyTorch's
 * [out_features, in_features] layout; graph builders transpose them as they need.
 */
import { ModelError } from '../errors.js';
import type { BertConfig } from '../architectures/bert/bert-config.js';

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

/**
 * Every tensor BertModel needs, with its shape, in checkpoint order. The single source of
 * truth for names, used by weight generators, converters and their tests.
 */
export function bertTensorShapes(config: BertConfig): Array<[name: string, dims: number[]]> {
  const h = config.hiddenSize;
  const shapes: Array<[string, number[]]> = [
    ['embeddings.word_embeddings.weight', [config.vocabSize, h]],
    ['embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, h]],
    ['embeddings.token_type_embeddings.weight', [config.typeVocabSize, h]],
    ['embeddings.LayerNorm.weight', [h]],
    ['embeddings.LayerNorm.bias', [h]],
  ];
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const p = `encoder.layer.${i}`;
    for (const proj of ['query', 'key', 'value']) {
      shapes.push([`${p}.attention.self.${proj}.weight`, [h, h]], [`${p}.attention.self.${proj}.bias`, [h]]);
    }
    shapes.push(
      [`${p}.attention.output.dense.weight`, [h, h]],
      [`${p}.attention.output.dense.bias`, [h]],
      [`${p}.attention.output.LayerNorm.weight`, [h]],
      [`${p}.attention.output.LayerNorm.bias`, [h]],
      [`${p}.intermediate.dense.weight`, [config.intermediateSize, h]],
      [`${p}.intermediate.dense.bias`, [config.intermediateSize]],
      [`${p}.output.dense.weight`, [h, config.intermediateSize]],
      [`${p}.output.dense.bias`, [h]],
      [`${p}.output.LayerNorm.weight`, [h]],
      [`${p}.output.LayerNorm.bias`, [h]],
    );
  }
  shapes.push(['pooler.dense.weight', [h, h]], ['pooler.dense.bias', [h]]);
  return shapes;
}
