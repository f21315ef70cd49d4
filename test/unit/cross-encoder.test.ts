import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from '../../src/errors.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { randomBertClassifierWeights } from '../support/fixtures/random-weights.js';
import { TINY_CROSS_ENCODER_SEED, tinyCrossEncoderConfig, writeCrossEncoderFixture } from '../support/fixtures/tiny-cross-encoder.js';
import { CrossEncoder, readLabels } from '../../src/rerank/cross-encoder.js';
import { padBatch } from '../support/bert-batch.js';
import { fixture, repoRoot } from '../support/paths.js';
import { referenceClassifierLogits } from '../support/reference-bert.js';

const fixtureDir = fixture('models', 'tiny-cross-encoder');
const PAIRS: Array<[string, string]> = [
  ['data scientist', 'machine learning'],
  ['registered nurse', 'patient care in a hospital ward'],
  ['sales manager', ''],
];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ce-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('regenerating the cross-encoder fixture gives byte-identical files', async () => {
  await withTemp(async (out) => {
    execFileSync(process.execPath, [join(repoRoot, 'dist/scripts/build-cross-encoder-fixture.js'), out], { stdio: 'pipe' });
    const committed = await listFiles(fixtureDir);
    assert.deepEqual(await listFiles(out), committed);
    for (const file of committed) {
      assert.ok((await readFile(join(out, file))).equals(await readFile(join(fixtureDir, file))), `${file} differs: run npm run build:fixture-model`);
    }
  });
});

test('config.json names the three SkillScout classes', async () => {
  const model = await loadModelDirectory(fixtureDir);
  assert.deepEqual(model.config['architectures'], ['BertForSequenceClassification']);
  assert.deepEqual(readLabels(model.config, 'config.json'), ['irrelevant', 'contextual', 'core']);
});

test('the fixture\'s logits match the reference forward pass on encoded pairs (token types 1 on the second text)', async () => {
  const encoder = await CrossEncoder.open(await loadModelDirectory(fixtureDir));
  try {
    const encoded = PAIRS.map(([a, b]) => encoder.encode(a, b));
    assert.ok(encoded.some((e) => e.typeIds.includes(1)));
    const { logits, count } = await encoder.score(PAIRS);
    assert.equal(count, 3);
    const config = tinyCrossEncoderConfig();
    const expected = referenceClassifierLogits(
      config,
      randomBertClassifierWeights(config, 3, TINY_CROSS_ENCODER_SEED),
      padBatch(encoded.map((e) => e.ids), 0, encoded.map((e) => e.typeIds)),
    );
    assert.equal(logits.length, 9);
    for (let i = 0; i < 9; i++) assert.ok(Math.abs((logits[i] as number) - (expected[i] as number)) < 5e-5, `logit ${i}: ${logits[i]} vs ${expected[i]}`);
  } finally {
    await encoder.dispose();
  }
});

test('scores do not depend on the batch a pair lands in', async () => {
  const encoder = await CrossEncoder.open(await loadModelDirectory(fixtureDir));
  try {
    const together = (await encoder.score(PAIRS, 3)).logits;
    const alone = (await encoder.score(PAIRS, 1)).logits;
    for (let i = 0; i < together.length; i++) assert.ok(Math.abs((together[i] as number) - (alone[i] as number)) < 1e-5);
  } finally {
    await encoder.dispose();
  }
});

test('a single-logit model (ms-marco style) scores one value per pair', async () => {
  await withTemp(async (dir) => {
    await writeCrossEncoderFixture(dir, { labels: ['LABEL_0'] });
    const encoder = await CrossEncoder.open(await loadModelDirectory(dir));
    try {
      assert.deepEqual(encoder.labels, ['LABEL_0']);
      const { logits } = await encoder.score(PAIRS);
      assert.equal(logits.length, 3);
      const config = tinyCrossEncoderConfig();
      const encoded = PAIRS.map(([a, b]) => encoder.encode(a, b));
      const expected = referenceClassifierLogits(config, randomBertClassifierWeights(config, 1, TINY_CROSS_ENCODER_SEED), padBatch(encoded.map((e) => e.ids), 0, encoded.map((e) => e.typeIds)));
      for (let i = 0; i < 3; i++) assert.ok(Math.abs((logits[i] as number) - (expected[i] as number)) < 5e-5);
    } finally {
      await encoder.dispose();
    }
  });
});

test('a reranker without id2label is a ModelError naming config.json', async () => {
  await withTemp(async (dir) => {
    await writeCrossEncoderFixture(dir, { labels: null, numLabels: 3 });
    await assert.rejects(
      async () => CrossEncoder.open(await loadModelDirectory(dir)),
      (err: unknown) => err instanceof ModelError && /config\.json: no id2label/.test(err.message),
    );
  });
});

test('a config whose labels disagree with the graph\'s logits is a ModelError', async () => {
  await withTemp(async (dir) => {
    await writeCrossEncoderFixture(dir, { labels: null, numLabels: 2 });
    const model = await loadModelDirectory(dir);
    model.config['id2label'] = { 0: 'irrelevant', 1: 'contextual', 2: 'core' };
    const encoder = await CrossEncoder.open(model);
    try {
      await assert.rejects(encoder.score(PAIRS), /shape \[3, 2\].*names 3 class/);
    } finally {
      await encoder.dispose();
    }
  });
});

test('readLabels requires dense ids 0..n-1', () => {
  assert.deepEqual(readLabels({ id2label: { '1': 'b', '0': 'a' } }, 'c.json'), ['a', 'b']);
  assert.throws(() => readLabels({ id2label: { '0': 'a', '2': 'c' } }, 'c.json'), /id 1 is undefined/);
  assert.throws(() => readLabels({}, 'c.json'), /c\.json: no id2label/);
});
