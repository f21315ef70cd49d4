import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import { buildBertEncoderGraph } from '../../src/architectures/bert/bert-graph.js';
import { randomBertWeights } from './fixtures/random-weights.js';
import { bertConfigFields } from './fixtures/fixture-files.js';
import { tinyBertConfig } from './fixtures/tiny-fixture.js';
import { TINY_MODEL } from './cli.js';

/**
 * A BERT bigger than the tiny fixture (so that int8 rounding is realistic), as a model
 * directory: the fixture's tokenizer and sentence-transformers files, a config.json and
 * random-weight model.onnx of the given shape. The vocabulary stays the tokenizer's.
 * `linearScale` multiplies the encoder's linear weights: BERT's initializer std of 0.02 leaves
 * the layers' contributions tiny next to the embeddings, so that an error in them would barely
 * move the output; a larger scale makes the layers (and any quantization error) count.
 */
export function writeRandomBertDir(shape: Partial<BertConfig>, seed: number, linearScale = 1): { dir: string; config: BertConfig } {
  const config: BertConfig = { ...tinyBertConfig(), ...shape };
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-bert-')), 'model');
  cpSync(TINY_MODEL, dir, { recursive: true });
  const configJson = bertConfigFields(config, 'BertModel');
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(configJson, null, 2));
  writeFileSync(path.join(dir, 'resumator.json'), JSON.stringify({ name: 'random-bert' }));
  const weights = randomBertWeights(config, seed);
  for (const [name, tensor] of weights) {
    if (name.startsWith('encoder.') && !name.includes('LayerNorm') && tensor.dims.length === 2) tensor.data = tensor.data.map((v) => v * linearScale);
  }
  writeFileSync(path.join(dir, 'model.onnx'), buildBertEncoderGraph(config, weights));
  return { dir, config };
}

/** BertModel's parameter count from its config, as Hugging Face counts it (no pooler). */
export function bertParameterCount(c: BertConfig): number {
  const h = c.hiddenSize;
  const embeddings = (c.vocabSize + c.maxPositionEmbeddings + c.typeVocabSize) * h + 2 * h;
  const attention = 4 * (h * h + h) + 2 * h;
  const feedForward = h * c.intermediateSize + c.intermediateSize + c.intermediateSize * h + h + 2 * h;
  return embeddings + c.numHiddenLayers * (attention + feedForward);
}
