import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertCheckpoint } from '../../src/convert/convert-checkpoint.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { parseBertConfig } from '../../src/architectures/bert/bert-config.js';
import { randomBertWeights } from '../support/fixtures/random-weights.js';
import { bertTensorShapes } from '../support/fixtures/bert-tensors.js';
import { parseLabels } from '../../src/architectures/bert/bert-architectures.js';
import { ARCHITECTURES, chooseArchitecture } from '../../src/architectures/registry.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { sharedDir, skipWithoutShared } from '../support/paths.js';
import { referenceBertForward } from '../support/reference-bert.js';
import { writeSafetensors } from '../support/safetensors-writer.js';

/** A copy of a real ../shared model folder (configs and tokenizer) plus random weights in its exact shape. */
function realShapeCheckpoint(model: string, weightsFor: (config: ReturnType<typeof parseBertConfig>) => WeightStore) {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-real-')), model);
  cpSync(path.join(sharedDir, 'models', model), dir, { recursive: true });
  const config = parseBertConfig(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')), 'config.json');
  const weights = weightsFor(config);
  const tensors = [...weights].map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.dims, values: t.data }));
  return { dir, config, weights, write: () => writeSafetensors(path.join(dir, 'model.safetensors'), tensors) };
}

// Real WordPiece ids of "[CLS] senior python developer [SEP]"-like rows; any ids below 30522 do.
const batch = padBatch([[101, 3026, 18750, 9722, 102], [101, 7293, 102]], 0);

test('all-MiniLM-L6-v2 shape (real config and tokenizer, random weights): converts, loads, matches the reference', { skip: skipWithoutShared }, async (t) => {
  const ckpt = realShapeCheckpoint('all-MiniLM-L6-v2', (c) => randomBertWeights(c, 5));
  await ckpt.write();
  const out = `${ckpt.dir}-onnx`;
  const result = await convertCheckpoint(ckpt.dir, out);
  assert.equal(result.architecture, 'BertModel');
  const model = await loadModelDirectory(out);
  assert.equal(model.maxSeqLength, 256);
  const session = await ModelSession.create(model.modelFile);
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(ckpt.config, ckpt.weights, batch).lastHiddenState;
  const { maxDiff } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 384);
  t.diagnostic(`max abs diff ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
});

test('ms-marco-MiniLM-L-12-v2 config (1-label cross-encoder) and all-mpnet-base-v2 config choose their architectures', { skip: skipWithoutShared }, () => {
  const read = (model: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(sharedDir, 'models', model, 'config.json'), 'utf8')) as Record<string, unknown>;
  const marco = read('ms-marco-MiniLM-L-12-v2');
  const names = new Set([...bertTensorShapes(parseBertConfig(marco, 'config.json'))].map(([n]) => `bert.${n}`));
  names.add('classifier.weight').add('classifier.bias');
  const choice = chooseArchitecture(marco, names, { config: 'config.json', weights: 'model.safetensors' });
  assert.equal(choice.architecture.name, 'BertForSequenceClassification');
  assert.equal(choice.prefix, 'bert.');
  assert.deepEqual(parseLabels(marco, 'config.json'), ['LABEL_0']);
  // Until MPNetModel is registered the real config must fail with the supported list; after, it must pick MPNetModel.
  const mpnet = read('all-mpnet-base-v2');
  const bare = new Set(['embeddings.word_embeddings.weight']);
  if (ARCHITECTURES.some((a) => a.name === 'MPNetModel')) {
    assert.equal(chooseArchitecture(mpnet, bare, { config: 'config.json', weights: 'w' }).architecture.name, 'MPNetModel');
  } else {
    assert.throws(
      () => chooseArchitecture(mpnet, bare, { config: 'config.json', weights: 'w' }),
      /unsupported architecture: model_type 'mpnet' and architectures \[MPNetForMaskedLM\]; supported: BertModel/,
    );
  }
});
