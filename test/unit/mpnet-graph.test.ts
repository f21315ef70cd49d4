import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import type { MpnetConfig } from '../../src/architectures/mpnet/mpnet-config.js';
import { MPNET_INPUT_NAMES, buildMpnetGraph, mpnetRelativeBucket } from '../../src/architectures/mpnet/mpnet-graph.js';
import { randomMpnetWeights } from '../support/fixtures/random-weights.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import type { ReferenceBatch } from '../support/reference-bert.js';
import { referenceMpnetForward, referenceRelativeBucket } from '../support/reference-mpnet.js';

const config: MpnetConfig = {
  vocabSize: 50,
  hiddenSize: 16,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  intermediateSize: 32,
  maxPositionEmbeddings: 160,
  layerNormEps: 1e-5,
  hiddenAct: 'gelu',
  padTokenId: 1,
  relativeAttentionNumBuckets: 32,
};
const weights = randomMpnetWeights(config, 5);
const PAD = 1;

/** Deterministic token ids in 2..49: never the pad id 1. */
function tokens(length: number, salt: number): number[] {
  return Array.from({ length }, (_, i) => 2 + ((i * 7 + salt * 13) % 48));
}

// 20 tokens: offsets up to 19 reach the log-spaced buckets 8..11 (|offset| >= 8).
const rows = [tokens(20, 1), tokens(9, 2), tokens(3, 3)];
const batch = padBatch(rows, PAD);
const feeds = (b: ReferenceBatch): ReturnType<typeof toFeeds> => toFeeds(b, MPNET_INPUT_NAMES);

async function hiddenStates(w: WeightStore, b: ReferenceBatch, fused = false): Promise<Float32Array> {
  const session = await ModelSession.create(buildMpnetGraph(config, w, { fused }));
  const hidden = (await session.run(feeds(b)))['last_hidden_state'];
  await session.dispose();
  assert.ok(hidden);
  return hidden.data;
}

test('relative position buckets match hand-computed values of upstream relative_position_bucket', () => {
  // bucket(d), d = key - query: n = -d; n < 0 adds 16; |n| < 8 is exact; otherwise
  // 8 + trunc(ln(|n| / 8) / ln(16) * 8), capped at 15. For example |n| = 12: ln 1.5 / ln 16 * 8
  // = 1.17 -> 9; |n| = 23: ln 2.875 / ln 16 * 8 = 3.05 -> 11; |n| = 64: exactly 6 -> 14;
  // |n| = 91: 7.02 -> 15; |n| = 200: 9.3 -> capped at 15.
  const expected: Array<[number, number]> = [
    [0, 0], [-1, 1], [-7, 7], [-8, 8], [-11, 8], [-12, 9], [-16, 10], [-22, 10], [-23, 11], [-32, 12],
    [-64, 14], [-90, 14], [-91, 15], [-128, 15], [-200, 15],
    [1, 17], [7, 23], [8, 24], [12, 25], [23, 27], [63, 29], [64, 30], [91, 31], [500, 31],
  ];
  for (const [offset, bucket] of expected) {
    assert.equal(mpnetRelativeBucket(offset), bucket, `graph bucket(${offset})`);
    assert.equal(referenceRelativeBucket(offset), bucket, `reference bucket(${offset})`);
  }
});

test('MPNet graph declares input_ids and attention_mask and outputs last_hidden_state', async () => {
  const session = await ModelSession.create(buildMpnetGraph(config, weights));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  assert.deepEqual(session.inputs.map((i) => [i.type, i.shape]), Array(2).fill(['int64', ['batch', 'sequence']]));
  assert.deepEqual(session.outputNames, ['last_hidden_state']);
  assert.deepEqual(session.outputs[0]?.shape, ['batch', 'sequence', 16]);
  await session.dispose();
});

test('MPNet graph matches the float64 reference within 1e-5 on every real token of a padded batch', async (t) => {
  const hidden = await hiddenStates(weights, batch);
  const expected = referenceMpnetForward(config, weights, batch).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden, expected, batch.attentionMask, 16);
  t.diagnostic(`max abs diff vs reference: ${maxDiff.toExponential(2)}`);
  assert.equal(compared, (20 + 9 + 3) * 16);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
});

test('sequences longer than the 128 max distance still match the reference within 1e-5', async (t) => {
  const long = padBatch([tokens(150, 4), tokens(97, 5)], PAD);
  const hidden = await hiddenStates(weights, long);
  const expected = referenceMpnetForward(config, weights, long).lastHiddenState;
  const { maxDiff } = maxDiffOnRealTokens(hidden, expected, long.attentionMask, 16);
  t.diagnostic(`max abs diff at length 150: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
});

test('the fused-operator MPNet graph (Attention with the relative bias) matches the reference within 1e-5', async (t) => {
  for (const b of [batch, padBatch([tokens(150, 4), tokens(97, 5)], PAD)]) {
    const hidden = await hiddenStates(weights, b, true);
    const expected = referenceMpnetForward(config, weights, b).lastHiddenState;
    const { maxDiff } = maxDiffOnRealTokens(hidden, expected, b.attentionMask, 16);
    t.diagnostic(`fused max abs diff (longest ${b.inputIds[0]?.length}): ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
  }
});

test('the tolerance catches a wrong bucket: buckets 9 and 10 swapped are detected', async () => {
  // Bucket 9 holds offsets -12..-15 and bucket 10 offsets -16..-22: only the 20-token row has them.
  const table = weights.get('encoder.relative_attention_bias.weight');
  assert.ok(table);
  const data = table.data.slice();
  data.set(table.data.subarray(10 * 4, 11 * 4), 9 * 4);
  data.set(table.data.subarray(9 * 4, 10 * 4), 10 * 4);
  const swapped = new Map(weights).set('encoder.relative_attention_bias.weight', { dims: table.dims, data });
  const hidden = await hiddenStates(swapped, batch);
  const expected = referenceMpnetForward(config, weights, batch).lastHiddenState;
  const onlyRow = (keep: number): number[][] => batch.attentionMask.map((r, i) => (i === keep ? r : r.map(() => 0)));
  const moved = maxDiffOnRealTokens(hidden, expected, onlyRow(0), 16).maxDiff;
  assert.ok(moved > 1e-4, `long row moved only ${moved}`);
  assert.ok(maxDiffOnRealTokens(hidden, expected, onlyRow(1), 16).maxDiff < 1e-5);
});

test('a sequence alone equals the same sequence inside a padded batch', async (t) => {
  const batched = await hiddenStates(weights, batch);
  const single = await hiddenStates(weights, padBatch([rows[1] as number[]], PAD));
  const inBatch = batched.subarray(20 * 16, 20 * 16 + 9 * 16);
  const { maxDiff } = maxDiffOnRealTokens(single, inBatch, [Array(9).fill(1)], 16);
  t.diagnostic(`max abs diff alone vs in batch: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
});

test('position ids are padding-aware: real tokens read rows 2.., never rows 0 and 1', async () => {
  // With plain positions 0..L-1 the first token would read row 0 and the second row 1. The
  // shift alternates in sign because LayerNorm would cancel a constant one.
  const positions = weights.get('embeddings.position_embeddings.weight');
  assert.ok(positions);
  const shiftRows = (from: number, to: number): WeightStore => {
    const data = positions.data.map((v, i) => (i >= from * 16 && i < to * 16 ? v + (i % 2 === 0 ? 1 : -1) : v));
    return new Map(weights).set('embeddings.position_embeddings.weight', { dims: positions.dims, data });
  };
  const base = await hiddenStates(weights, batch);
  assert.equal(maxDiffOnRealTokens(await hiddenStates(shiftRows(0, 2), batch), base, batch.attentionMask, 16).maxDiff, 0);
  assert.ok(maxDiffOnRealTokens(await hiddenStates(shiftRows(2, 3), batch), base, batch.attentionMask, 16).maxDiff > 0.1);
});

test('pooler_output matches tanh(dense(first token)) of the reference', async (t) => {
  const session = await ModelSession.create(buildMpnetGraph(config, weights, { pooler: true }));
  assert.deepEqual(session.outputNames, ['last_hidden_state', 'pooler_output']);
  const pooled = (await session.run(feeds(batch)))['pooler_output'];
  await session.dispose();
  assert.ok(pooled);
  assert.deepEqual(pooled.dims, [3, 16]);
  const expected = referenceMpnetForward(config, weights, batch).poolerOutput;
  const { maxDiff } = maxDiffOnRealTokens(pooled.data, expected, [[1], [1], [1]], 16);
  t.diagnostic(`pooler max abs diff: ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
});

test('prefix reads tensors stored under mpnet.', async () => {
  const prefixed = new Map([...weights].map(([name, tensor]) => [`mpnet.${name}`, tensor]));
  const session = await ModelSession.create(buildMpnetGraph(config, prefixed, { prefix: 'mpnet.' }));
  const hidden = (await session.run(feeds(batch)))['last_hidden_state'];
  await session.dispose();
  assert.ok(hidden);
  const expected = referenceMpnetForward(config, weights, batch).lastHiddenState;
  assert.ok(maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 16).maxDiff < 1e-5);
});

test('a missing or misshapen MPNet tensor is a ModelError naming it', () => {
  const missing = new Map(weights);
  missing.delete('encoder.relative_attention_bias.weight');
  assert.throws(() => buildMpnetGraph(config, missing), (err: unknown) => {
    assert.ok(err instanceof ModelError);
    assert.match(err.message, /missing tensor 'encoder\.relative_attention_bias\.weight' \(expected shape \[32, 4\]\)/);
    return true;
  });
  assert.throws(() => buildMpnetGraph({ ...config, numAttentionHeads: 2 }, weights), /tensor 'encoder\.relative_attention_bias\.weight' has shape \[32, 4\], expected \[32, 2\]/);
});
