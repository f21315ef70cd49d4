import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import { randomBertWeights, fillNormal, mulberry32 } from '../support/fixtures/random-weights.js';
import { bertTensorShapes } from '../support/fixtures/bert-tensors.js';
import { requireTensor } from '../../src/onnx/weights.js';
import type { WeightStore } from '../../src/onnx/weights.js';

const config: BertConfig = {
  vocabSize: 1000,
  hiddenSize: 64,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  intermediateSize: 128,
  maxPositionEmbeddings: 40,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
};

test('requireTensor returns a tensor of the expected shape', () => {
  const store: WeightStore = new Map([['a.weight', { dims: [2, 3], data: new Float32Array(6) }]]);
  assert.equal(requireTensor(store, 'a.weight', [2, 3]), store.get('a.weight'));
});

test('requireTensor names a missing tensor, a wrong shape and the checkpoint file', () => {
  const store: WeightStore = new Map([['a.weight', { dims: [2, 3], data: new Float32Array(6) }]]);
  assert.throws(() => requireTensor(store, 'b.weight', [4], 'model.safetensors'), {
    name: 'ModelError',
    message: "model.safetensors: missing tensor 'b.weight' (expected shape [4])",
  });
  assert.throws(() => requireTensor(store, 'a.weight', [3, 2]), { message: "tensor 'a.weight' has shape [2, 3], expected [3, 2]" });
  assert.throws(() => requireTensor(store, 'a.weight', [2, 3, 1]), { message: "tensor 'a.weight' has shape [2, 3], expected [2, 3, 1]" });
  const short: WeightStore = new Map([['c', { dims: [4], data: new Float32Array(3) }]]);
  assert.throws(() => requireTensor(short, 'c', [4]), { message: "tensor 'c' has 3 values, shape [4] needs 4" });
});

test('bertTensorShapes lists the Hugging Face BertModel tensors', () => {
  const shapes = new Map(bertTensorShapes(config));
  assert.equal(shapes.size, 5 + 16 * 2 + 2);
  assert.deepEqual(shapes.get('embeddings.word_embeddings.weight'), [1000, 64]);
  assert.deepEqual(shapes.get('embeddings.position_embeddings.weight'), [40, 64]);
  assert.deepEqual(shapes.get('encoder.layer.1.attention.self.key.weight'), [64, 64]);
  assert.deepEqual(shapes.get('encoder.layer.0.intermediate.dense.weight'), [128, 64]);
  assert.deepEqual(shapes.get('encoder.layer.0.output.dense.weight'), [64, 128]);
  assert.deepEqual(shapes.get('encoder.layer.1.attention.output.LayerNorm.bias'), [64]);
  assert.deepEqual(shapes.get('pooler.dense.weight'), [64, 64]);
});

test('randomBertWeights fills every tensor deterministically per seed', () => {
  const a = randomBertWeights(config, 1);
  const b = randomBertWeights(config, 1);
  const c = randomBertWeights(config, 2);
  assert.deepEqual([...a.keys()], bertTensorShapes(config).map(([name]) => name));
  for (const [name, tensor] of a) {
    assert.deepEqual(tensor.data, b.get(name)?.data, name);
    assert.notDeepEqual(tensor.data, c.get(name)?.data, name);
    assert.equal(tensor.data.length, tensor.dims.reduce((x, y) => x * y, 1));
  }
});

test('a tensor does not change when another part of the config does', () => {
  const small = randomBertWeights({ ...config, numHiddenLayers: 1, vocabSize: 10 }, 1);
  const big = randomBertWeights(config, 1);
  assert.deepEqual(small.get('encoder.layer.0.attention.self.query.weight')?.data, big.get('encoder.layer.0.attention.self.query.weight')?.data);
});

test('matrices have std 0.02, LayerNorm weights mean 1 and biases are not zero', () => {
  const w = randomBertWeights(config, 3);
  const stats = (name: string): { mean: number; std: number } => {
    const data = w.get(name)?.data ?? new Float32Array();
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    return { mean, std: Math.sqrt(data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length) };
  };
  const emb = stats('embeddings.word_embeddings.weight'); // 64000 samples: std error ~6e-5
  assert.ok(Math.abs(emb.mean) < 5e-4 && Math.abs(emb.std - 0.02) < 5e-4, JSON.stringify(emb));
  const ln = stats('encoder.layer.0.output.LayerNorm.weight');
  assert.ok(Math.abs(ln.mean - 1) < 0.02 && ln.std > 0.01 && ln.std < 0.03, JSON.stringify(ln));
  assert.ok(stats('encoder.layer.1.attention.self.value.bias').std > 0.01);
});

test('mulberry32 uniforms lie in (0, 1) and polar-method samples are standard normal', () => {
  const u = mulberry32(9);
  const draws = Array.from({ length: 10000 }, () => u());
  assert.ok(draws.every((v) => v > 0 && v < 1));
  const normal = fillNormal(new Float32Array(100001), 5, 0, 1);
  const within1 = normal.filter((v) => Math.abs(v) < 1).length / normal.length;
  assert.ok(Math.abs(within1 - 0.6827) < 0.01, `P(|z| < 1) = ${within1}`);
  assert.ok(Number.isFinite(normal[100000]) && normal[100000] !== 0);
});
