/** Copies of the tiny-bert fixture in temp directories, optionally with one weight changed. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBertEncoderGraph } from '../../src/architectures/bert/bert-graph.js';
import { randomBertWeights } from './fixtures/random-weights.js';
import { tinyBertConfig, TINY_FIXTURE_SEED } from './fixtures/tiny-fixture.js';
import { TINY_MODEL } from './cli.js';

/**
 * A new directory holding the tiny model. With `nudgeWeight`, the ONNX file is rebuilt from the
 * fixture's own weights with one value of the embedding LayerNorm's scale changed: a
 * model that differs from the fixture by a single weight.
 */
export function tinyModelCopy(options: { nudgeWeight?: boolean } = {}): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-model-')), 'tiny-bert');
  cpSync(TINY_MODEL, dir, { recursive: true });
  if (options.nudgeWeight === true) {
    const config = tinyBertConfig();
    const weights = randomBertWeights(config, TINY_FIXTURE_SEED);
    const scale = weights.get('embeddings.LayerNorm.weight');
    if (scale === undefined) throw new Error('fixture weights have no embeddings.LayerNorm.weight');
    scale.data[0] = (scale.data[0] as number) + 1;
    writeFileSync(path.join(dir, 'model.onnx'), buildBertEncoderGraph(config, weights));
  }
  return dir;
}
