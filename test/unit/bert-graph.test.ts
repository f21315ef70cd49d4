import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import { BERT_INPUT_NAMES, buildBertEncoderGraph } from '../../src/architectures/bert/bert-graph.js';
import { randomBertClassifierWeights, randomBertWeights } from '../support/fixtures/random-weights.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { referenceBertForward, referenceClassifierLogits } from '../support/reference-bert.js';

const config: BertConfig = {
  vocabSize: 50,
  hiddenSize: 16,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  intermediateSize: 32,
  maxPositionEmbeddings: 64,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
};
const weights = randomBertWeights(config, 7);
const rows = [
  [2, 17, 33, 5, 41, 9, 12, 48, 3],
  [2, 21, 7, 30, 3],
  [2, 3],
];
// A pair-style first row exercises the token-type table.
const batch = padBatch(rows, 0, [[0, 0, 0, 0, 0, 1, 1, 1, 1]]);

test('BERT graph declares the three int64 inputs and last_hidden_state', async () => {
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask', 'token_type_ids']);
  assert.deepEqual(session.inputNames, [...BERT_INPUT_NAMES]);
  assert.deepEqual(session.outputNames, ['last_hidden_state']);
  assert.deepEqual(session.inputs.map((i) => [i.type, i.shape]), Array(3).fill(['int64', ['batch', 'sequence']]));
  assert.deepEqual(session.outputs[0]?.shape, ['batch', 'sequence', 16]);
  await session.dispose();
});

test('BERT graph matches the float64 reference on every real token of a padded batch', async (t) => {
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights));
  const out = await session.run(toFeeds(batch));
  const hidden = out['last_hidden_state'];
  assert.ok(hidden);
  assert.deepEqual(hidden.dims, [3, 9, 16]);
  const expected = referenceBertForward(config, weights, batch).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16);
  t.diagnostic(`max abs diff vs reference: ${maxDiff.toExponential(2)}`);
  assert.equal(compared, (9 + 5 + 2) * 16);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
});

test('a sequence alone equals the same sequence inside a padded batch', async (t) => {
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights));
  const batched = (await session.run(toFeeds(batch)))['last_hidden_state'];
  const single = (await session.run(toFeeds(padBatch([rows[1] as number[]]))))['last_hidden_state'];
  assert.ok(batched && single);
  assert.deepEqual(single.dims, [1, 5, 16]);
  // Row 1 of the batch starts at offset 1 * 9 * 16; its first 5 positions are real.
  const inBatch = batched.data.subarray(9 * 16, 9 * 16 + 5 * 16);
  const { maxDiff } = maxDiffOnRealTokens(single.data, inBatch, [[1, 1, 1, 1, 1]], 16);
  t.diagnostic(`max abs diff alone vs in batch: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
  await session.dispose();
});

test('pooler_output matches tanh(dense([CLS])) of the reference', async (t) => {
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights, { pooler: true }));
  assert.deepEqual(session.outputNames, ['last_hidden_state', 'pooler_output']);
  const pooled = (await session.run(toFeeds(batch)))['pooler_output'];
  assert.ok(pooled);
  assert.deepEqual(pooled.dims, [3, 16]);
  const expected = referenceBertForward(config, weights, batch).poolerOutput;
  const { maxDiff } = maxDiffOnRealTokens(pooled.data, expected, [[1], [1], [1]], 16);
  t.diagnostic(`pooler max abs diff: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
});

test('the comparison is sensitive: a bias shifted by 0.01 is detected', async () => {
  const tampered = new Map(weights);
  const bias = weights.get('encoder.layer.1.attention.self.value.bias');
  assert.ok(bias);
  tampered.set('encoder.layer.1.attention.self.value.bias', { dims: bias.dims, data: bias.data.map((v) => v + 0.01) });
  const session = await ModelSession.create(buildBertEncoderGraph(config, tampered));
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(config, weights, batch).lastHiddenState;
  assert.ok(maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16).maxDiff > 1e-3);
  await session.dispose();
});

test('with GELU inputs of order 1 the graph still matches the reference within 1e-5', async (t) => {
  // Weights of std 0.02 keep GELU inputs near 0, where erf and tanh GELU agree; scaling the FFN
  // weights makes an approximate GELU (max error ~5e-4 near |x| = 2) show up.
  const scaled = new Map(weights);
  for (const [name, tensor] of weights) {
    const factor = name.endsWith('intermediate.dense.weight') ? 40 : name.endsWith('output.dense.weight') ? 10 : 1;
    scaled.set(name, { dims: tensor.dims, data: tensor.data.map((v) => v * factor) });
  }
  const session = await ModelSession.create(buildBertEncoderGraph(config, scaled));
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(config, scaled, batch).lastHiddenState;
  const { maxDiff } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16);
  t.diagnostic(`max abs diff with scaled FFN weights: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
  await session.dispose();
});

test('a checkpoint with a missing or misshapen tensor is a ModelError naming it', () => {
  const missing = new Map(weights);
  missing.delete('encoder.layer.1.output.LayerNorm.bias');
  assert.throws(() => buildBertEncoderGraph(config, missing), (err: unknown) => {
    assert.ok(err instanceof ModelError);
    assert.match(err.message, /missing tensor 'encoder\.layer\.1\.output\.LayerNorm\.bias' \(expected shape \[16\]\)/);
    return true;
  });
  assert.throws(() => buildBertEncoderGraph({ ...config, intermediateSize: 24 }, weights), /tensor 'encoder\.layer\.0\.intermediate\.dense\.weight' has shape \[32, 16\], expected \[24, 16\]/);
});

test('prefix reads encoder tensors stored under bert.', async () => {
  const prefixed = new Map([...weights].map(([name, tensor]) => [`bert.${name}`, tensor]));
  const session = await ModelSession.create(buildBertEncoderGraph(config, prefixed, { prefix: 'bert.' }));
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(config, weights, batch).lastHiddenState;
  assert.ok(maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16).maxDiff < 1e-4);
  await session.dispose();
});

test('sequence-classification logits match classifier(pooler) of the reference, for 3 labels and 1', async (t) => {
  for (const numLabels of [3, 1]) {
    const clsWeights = randomBertClassifierWeights(config, numLabels, 11);
    const session = await ModelSession.create(buildBertEncoderGraph(config, clsWeights, { prefix: 'bert.', numLabels }));
    assert.deepEqual(session.outputNames, ['last_hidden_state', 'pooler_output', 'logits']);
    assert.deepEqual(session.outputs[2]?.shape, ['batch', numLabels]);
    const logits = (await session.run(toFeeds(batch), ['logits']))['logits'];
    assert.ok(logits);
    assert.deepEqual(logits.dims, [3, numLabels]);
    const expected = referenceClassifierLogits(config, clsWeights, batch);
    const maxDiff = Math.max(...Array.from(logits.data, (v, i) => Math.abs(v - (expected[i] as number))));
    t.diagnostic(`${numLabels}-label logits max abs diff: ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 5e-5, `max abs diff ${maxDiff}`);
    // Rows differ: a head that ignored its input would give every row the bias.
    assert.notEqual(logits.data[0], logits.data[numLabels]);
    await session.dispose();
  }
});

test('a classification graph without classifier weights names the missing tensor', () => {
  assert.throws(
    () => buildBertEncoderGraph(config, weights, { numLabels: 3 }),
    (err: unknown) => err instanceof ModelError && /missing tensor 'classifier\.weight'/.test(err.message),
  );
});

test('the fused-operator graph (Attention, SkipLayerNormalization, BiasGelu) matches the reference', async (t) => {
  const bytes = buildBertEncoderGraph(config, weights, { fused: true });
  const session = await ModelSession.create(bytes);
  assert.deepEqual(session.inputNames, [...BERT_INPUT_NAMES]);
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(config, weights, batch).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16);
  t.diagnostic(`fused max abs diff vs reference: ${maxDiff.toExponential(2)}`);
  assert.equal(compared, (9 + 5 + 2) * 16);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  // The fused ops really are there (a silent fallback to the standard graph would pass above).
  const text = new TextDecoder('latin1').decode(bytes);
  for (const op of ['Attention', 'SkipLayerNormalization', 'BiasGelu', 'com.microsoft']) assert.ok(text.includes(op), op);
  await session.dispose();
});

test('fused classification logits match the reference', async (t) => {
  const clsWeights = randomBertClassifierWeights(config, 3, 11);
  const session = await ModelSession.create(buildBertEncoderGraph(config, clsWeights, { prefix: 'bert.', numLabels: 3, fused: true }));
  const logits = (await session.run(toFeeds(batch), ['logits']))['logits'];
  assert.ok(logits);
  const expected = referenceClassifierLogits(config, clsWeights, batch);
  const maxDiff = Math.max(...Array.from(logits.data, (v, i) => Math.abs(v - (expected[i] as number))));
  t.diagnostic(`fused logits max abs diff: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 5e-5, `max abs diff ${maxDiff}`);
  await session.dispose();
});
