import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Embedder } from '../../src/embed/embedder.js';
import { buildLiteModel } from '../../src/lite/build-lite.js';
import { DEFAULT_LITE_VARIANT, type LiteVariant } from '../../src/lite/lite-variant.js';
import { commonComponent } from '../../src/lite/lite-weights.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { TABLE_DIM, TABLE_WORDS, writeWinkTable } from '../support/lite-table.js';

const table = writeWinkTable();
const MEAN: LiteVariant = { ...DEFAULT_LITE_VARIANT, pooling: 'mean', removeCommon: false };
const SIF: LiteVariant = { ...DEFAULT_LITE_VARIANT, pooling: 'sif', sifA: 0.05, removeCommon: true };

async function build(variant: LiteVariant): Promise<string> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'resumator-lite-model-')), 'lite');
  await buildLiteModel({ out, variant, source: table.file });
  return out;
}

async function embed(dir: string, texts: string[], batchSize = 50): Promise<Float32Array> {
  const embedder = await Embedder.open(await loadModelDirectory(dir), { threads: 1 });
  try {
    return (await embedder.embed(texts, { batchSize })).vectors;
  } finally {
    await embedder.dispose();
  }
}

/** The file's vector of `word` as float32, in float64 arithmetic. */
const vec = (word: string): number[] => (table.vectors.get(word) as number[]).map((x) => Math.fround(x));
const unit = (v: number[]): number[] => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const row = (m: Float32Array, i: number): number[] => [...m.subarray(i * TABLE_DIM, (i + 1) * TABLE_DIM)];

function assertClose(got: number[], want: number[], tol: number, what: string): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - (want[i] as number)) <= tol, `${what}[${i}]: ${g} vs ${want[i]}`));
}

test('a built directory loads as a regular model named lite', async () => {
  const dir = await build(MEAN);
  const model = await loadModelDirectory(dir);
  assert.equal(model.name, 'lite');
  assert.equal(model.hiddenSize, TABLE_DIM);
  // Punctuation (",", '"') and the compound are not producible with the defaults, so not kept.
  assert.equal(model.vocabSize, 2 + TABLE_WORDS.length - 3);
  assert.deepEqual(readdirSync(path.dirname(dir)), ['lite'], 'no temp directory left beside it');
});

test('mean pooling: the normalised sum of the known words\' vectors, unknown words ignored', async () => {
  const got = await embed(await build(MEAN), ['Senior DATA engineer', 'senior qqqq data, engineer!']);
  const want = unit(vec('senior').map((x, d) => x + (vec('data')[d] as number) + (vec('engineer')[d] as number)));
  assertClose(row(got, 0), want, 1e-6, 'mean');
  assertClose(row(got, 1), want, 1e-6, 'mean with an unknown word and punctuation');
});

test('SIF weights and common-component removal match a hand computation', async () => {
  const got = await embed(await build(SIF), ['the python engineer']);
  // Kept words (defaults drop ',' '"' 'well-known') keep their ranks in the whole 16-word table.
  const kept = TABLE_WORDS.filter((w) => w !== ',' && w !== '"' && w !== 'well-known');
  const h = Array.from({ length: TABLE_WORDS.length }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
  const p = (w: string): number => 1 / (((TABLE_WORDS as readonly string[]).indexOf(w) + 1) * h);
  const weight = (w: string): number => 0.05 / (0.05 + p(w));
  const sum = [0, 0, 0, 0].map((_, d) => ['the', 'python', 'engineer'].reduce((s, w) => s + weight(w) * (vec(w)[d] as number), 0));
  const u = commonComponent(
    Float32Array.from(kept.flatMap(vec)),
    Float64Array.from(kept, weight),
    Float64Array.from(kept, p),
    TABLE_DIM,
  );
  const dot = sum.reduce((s, x, d) => s + x * (u[d] as number), 0);
  const want = unit(sum.map((x, d) => x - dot * (u[d] as number)));
  assertClose(row(got, 0), want, 1e-6, 'sif+cc');
  // The component really is gone from the output.
  assert.ok(Math.abs(row(got, 0).reduce((s, x, d) => s + x * (u[d] as number), 0)) < 1e-6);
});

test('padded batches give the same embeddings as one text at a time', async () => {
  const dir = await build(SIF);
  const texts = ['python', 'the senior data engineer at the company', '', 'resume nurse sql python data the and', 'zzz', 'SQL'];
  const batched = await embed(dir, texts, 6);
  const single = await embed(dir, texts, 1);
  assertClose([...batched], [...single], 1e-6, 'batched vs single');
});

test('a text with no known word embeds as the zero vector: no NaN, cosine 0 with everything', async () => {
  const dir = await build(SIF);
  const texts = ['qqqq zzzz', '', '!!! ...', 'python data'];
  for (const batchSize of [1, 4]) {
    const got = await embed(dir, texts, batchSize);
    assert.ok(got.every((x) => Number.isFinite(x)), 'no NaN or Infinity');
    for (const i of [0, 1, 2]) assert.deepEqual(row(got, i), [0, 0, 0, 0]);
    assert.ok(Math.abs(Math.hypot(...row(got, 3)) - 1) < 1e-6);
  }
  // A batch of empty texts only: zero-length sequences still run.
  const empty = await embed(dir, ['', '?'], 2);
  assert.deepEqual([...empty], new Array(2 * TABLE_DIM).fill(0));
});

test('concurrent builds into one directory leave one complete model and no temp files', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'resumator-lite-race-')), 'lite');
  await Promise.all([1, 2, 3].map(() => buildLiteModel({ out, variant: MEAN, source: table.file })));
  assert.deepEqual(readdirSync(path.dirname(out)), ['lite']);
  const got = await embed(out, ['python']);
  assertClose(row(got, 0), unit(vec('python')), 1e-6, 'after the race');
});
