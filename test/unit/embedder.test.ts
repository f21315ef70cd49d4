import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchOrder, Embedder } from '../../src/embed/embedder.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { randomBertWeights } from '../support/fixtures/random-weights.js';
import { tinyBertConfig, TINY_FIXTURE_SEED } from '../support/fixtures/tiny-fixture.js';
import { TextTokenizer } from '../../src/tokenize/text-tokenizer.js';
import { referenceBertForward } from '../support/reference-bert.js';
import { TINY_MODEL } from '../support/cli.js';

const texts = [
  'Senior Python engineer with 5 years of experience in data pipelines',
  'Registered nurse',
  'Title: Accountant\nCompany: Acme\nDescription: month end close, payroll, audits and tax filings for a growing company',
  '',
  'sales manager',
  'Truck driver with a clean record and experience in long haul logistics across several states and seasons of the year',
  'chef',
  'Teacher of mathematics and science at a public school for ten years',
  'HR generalist: recruiting, onboarding, benefits',
  'Mechanical engineer designing pumps',
  'x'.repeat(40),
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

test('embeddings equal the reference forward pass + mean pooling + L2 normalisation', async () => {
  const model = await loadModelDirectory(TINY_MODEL);
  const embedder = await Embedder.open(model, { threads: 1 });
  const got = await embedder.embed(texts, { batchSize: 4 });
  await embedder.dispose();
  const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength);
  const config = tinyBertConfig();
  const weights = randomBertWeights(config, TINY_FIXTURE_SEED);
  const hidden = config.hiddenSize;
  texts.forEach((text, row) => {
    const ids = tokenizer.encode(text).ids;
    const ref = referenceBertForward(config, weights, { inputIds: [ids], attentionMask: [ids.map(() => 1)], tokenTypeIds: [ids.map(() => 0)] });
    const mean = new Float64Array(hidden);
    for (let t = 0; t < ids.length; t++) for (let d = 0; d < hidden; d++) mean[d] = (mean[d] as number) + (ref.lastHiddenState[t * hidden + d] as number) / ids.length;
    const norm = Math.hypot(...mean);
    const expected = Float32Array.from(mean, (v) => v / norm);
    const diff = maxAbsDiff(got.vectors.subarray(row * hidden, (row + 1) * hidden), expected);
    assert.ok(diff < 1e-5, `text ${row}: max diff ${diff}`);
  });
});

test('a text embeds the same whatever batch it is in (batch sizes 1, 7 and 50)', async () => {
  const embedder = await Embedder.open(await loadModelDirectory(TINY_MODEL), { threads: 1 });
  const [one, seven, fifty] = [await embedder.embed(texts, { batchSize: 1 }), await embedder.embed(texts, { batchSize: 7 }), await embedder.embed(texts, { batchSize: 50 })];
  await embedder.dispose();
  assert.ok(one && seven && fifty);
  assert.ok(maxAbsDiff(one.vectors, seven.vectors) < 1e-5);
  assert.ok(maxAbsDiff(one.vectors, fifty.vectors) < 1e-5);
  for (let r = 0; r < one.count; r++) {
    const norm = Math.hypot(...one.vectors.subarray(r * one.dim, (r + 1) * one.dim));
    assert.ok(Math.abs(norm - 1) < 1e-5, `row ${r} norm ${norm}`);
  }
});

test('progress is reported per batch and truncation is counted', async () => {
  const model = await loadModelDirectory(TINY_MODEL);
  const embedder = await Embedder.open(model, { threads: 1 });
  const seen: number[] = [];
  const long = 'engineer '.repeat(model.maxSeqLength + 10);
  const result = await embedder.embed(['short', long, 'another short one'], { batchSize: 2, onProgress: (done) => seen.push(done) });
  await embedder.dispose();
  assert.deepEqual(seen, [2, 3]);
  assert.equal(result.truncated, 1);
});

test('batchOrder: input order, or longest first with ties in input order', () => {
  assert.deepEqual(batchOrder([5, 2, 9, 2], false), [0, 1, 2, 3]);
  assert.deepEqual(batchOrder([5, 2, 9, 2], true), [2, 0, 1, 3]);
  assert.deepEqual(batchOrder([], true), []);
});

test('length-sorted batches give the unsorted vectors in input order, with less padding computed', async () => {
  const model = await loadModelDirectory(TINY_MODEL);
  const embedder = await Embedder.open(model, { threads: 1 });
  const batches: number[][] = [];
  const sorted = await embedder.embed(texts, { batchSize: 4, onBatch: (b) => batches.push([...b.rows]) });
  const unsorted = await embedder.embed(texts, { batchSize: 4, sortByLength: false });
  await embedder.dispose();
  assert.ok(maxAbsDiff(sorted.vectors, unsorted.vectors) < 1e-6);
  const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength);
  const lengths = texts.map((t) => tokenizer.encode(t).ids.length);
  const real = lengths.reduce((a, b) => a + b, 0);
  // Computed positions: each batch costs its size times its longest member.
  const cost = (groups: number[][]): number => groups.reduce((sum, g) => sum + g.length * Math.max(...g.map((i) => lengths[i] as number)), 0);
  const inOrder = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]];
  assert.equal(sorted.tokens, real);
  assert.equal(unsorted.tokens, real);
  assert.equal(unsorted.computedTokens, cost(inOrder));
  assert.deepEqual(batches.flat(), batchOrder(lengths, true));
  assert.equal(sorted.computedTokens, cost(batches));
  assert.ok(sorted.computedTokens < unsorted.computedTokens, `${sorted.computedTokens} < ${unsorted.computedTokens}`);
});
