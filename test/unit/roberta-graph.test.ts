import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import { buildBertEncoderGraph, robertaEmbeddingOptions } from '../../src/architectures/bert/bert-graph.js';
import { randomBertWeights } from '../support/fixtures/random-weights.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { referenceBertForward } from '../support/reference-bert.js';

// XLM-R / RoBERTa shape in miniature: one token type, pad id 1, eps 1e-5.
const config: BertConfig = {
  vocabSize: 50,
  hiddenSize: 16,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  intermediateSize: 32,
  maxPositionEmbeddings: 24,
  typeVocabSize: 1,
  layerNormEps: 1e-5,
  hiddenAct: 'gelu',
  padTokenId: 1,
};
const weights = randomBertWeights(config, 9);
const rows = [
  [0, 17, 33, 5, 41, 9, 12, 48, 2],
  [0, 21, 7, 30, 2],
  [0, 2],
];
const batch = padBatch(rows, 1);
const options = robertaEmbeddingOptions(config);
const roberta = { paddingIdx: 1 };

async function hiddenStates(w: WeightStore): Promise<Float32Array> {
  const session = await ModelSession.create(buildBertEncoderGraph(config, w, options));
  const hidden = (await session.run(toFeeds(batch, session.inputNames)))['last_hidden_state'];
  await session.dispose();
  assert.ok(hidden);
  return hidden.data;
}

test('robertaEmbeddingOptions: positions from the pad id, no token_type_ids input', async () => {
  assert.deepEqual(options, { positions: { paddingIdx: 1 }, tokenTypeIds: false });
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights, options));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  assert.deepEqual(session.outputNames, ['last_hidden_state']);
  await session.dispose();
});

test('RoBERTa graph matches the reference with padding-aware positions within 1e-5', async (t) => {
  const hidden = await hiddenStates(weights);
  const expected = referenceBertForward(config, weights, batch, roberta).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden, expected, batch.attentionMask, 16);
  t.diagnostic(`max abs diff vs reference: ${maxDiff.toExponential(2)}`);
  assert.equal(compared, (9 + 5 + 2) * 16);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
  // The same reference with BERT's plain positions disagrees: the mode matters.
  const plain = referenceBertForward(config, weights, batch).lastHiddenState;
  assert.ok(maxDiffOnRealTokens(hidden, plain, batch.attentionMask, 16).maxDiff > 1e-2);
});

test('RoBERTa real tokens read position rows from paddingIdx + 1, never rows 0 and 1', async () => {
  const positions = weights.get('embeddings.position_embeddings.weight');
  assert.ok(positions);
  // Alternating signs: LayerNorm would cancel a constant shift.
  const shiftRows = (from: number, to: number): WeightStore => {
    const data = positions.data.map((v, i) => (i >= from * 16 && i < to * 16 ? v + (i % 2 === 0 ? 1 : -1) : v));
    return new Map(weights).set('embeddings.position_embeddings.weight', { dims: positions.dims, data });
  };
  const base = await hiddenStates(weights);
  assert.equal(maxDiffOnRealTokens(await hiddenStates(shiftRows(0, 2)), base, batch.attentionMask, 16).maxDiff, 0);
  assert.ok(maxDiffOnRealTokens(await hiddenStates(shiftRows(2, 3)), base, batch.attentionMask, 16).maxDiff > 0.1);
});

test('a RoBERTa sequence alone equals the same sequence inside a padded batch', async () => {
  const session = await ModelSession.create(buildBertEncoderGraph(config, weights, options));
  const batched = (await session.run(toFeeds(batch, session.inputNames)))['last_hidden_state'];
  const single = (await session.run(toFeeds(padBatch([rows[1] as number[]], 1), session.inputNames)))['last_hidden_state'];
  await session.dispose();
  assert.ok(batched && single);
  const inBatch = batched.data.subarray(9 * 16, 9 * 16 + 5 * 16);
  assert.ok(maxDiffOnRealTokens(single.data, inBatch, [[1, 1, 1, 1, 1]], 16).maxDiff < 1e-5);
});

test('padding-aware positions with the token_type_ids input kept and a prefix', async () => {
  const prefixed = new Map([...weights].map(([name, tensor]) => [`roberta.${name}`, tensor]));
  const bytes = buildBertEncoderGraph(config, prefixed, { positions: { paddingIdx: 1 }, prefix: 'roberta.', pooler: true });
  const session = await ModelSession.create(bytes);
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask', 'token_type_ids']);
  const out = await session.run(toFeeds(batch));
  await session.dispose();
  const expected = referenceBertForward(config, weights, batch, roberta);
  assert.ok(out['last_hidden_state'] && out['pooler_output']);
  assert.ok(maxDiffOnRealTokens(out['last_hidden_state'].data, expected.lastHiddenState, batch.attentionMask, 16).maxDiff < 1e-5);
  assert.ok(maxDiffOnRealTokens(out['pooler_output'].data, expected.poolerOutput, [[1], [1], [1]], 16).maxDiff < 1e-5);
});
