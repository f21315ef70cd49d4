import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { parseBertConfig } from '../../src/architectures/bert/bert-config.js';
import { randomBertWeights } from '../support/fixtures/random-weights.js';
import { TINY_FIXTURE_SEED, tinyBertConfig } from '../support/fixtures/tiny-fixture.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { referenceBertForward } from '../support/reference-bert.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtureDir = join(root, 'fixtures/models/tiny-bert');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function loadTokenizer(): Promise<Tokenizer> {
  const json = JSON.parse(await readFile(join(fixtureDir, 'tokenizer.json'), 'utf8')) as object;
  const config = JSON.parse(await readFile(join(fixtureDir, 'tokenizer_config.json'), 'utf8')) as object;
  return new Tokenizer(json, config);
}

test('regenerating the fixture gives byte-identical files', async () => {
  const out = await mkdtemp(join(tmpdir(), 'tiny-bert-'));
  try {
    execFileSync(process.execPath, [join(root, 'dist/scripts/build-fixture-model.js'), out], { stdio: 'pipe' });
    const committed = await listFiles(fixtureDir);
    assert.deepEqual(await listFiles(out), committed);
    assert.ok(committed.includes('model.onnx') && committed.includes('1_Pooling/config.json'));
    for (const file of committed) {
      const same = (await readFile(join(out, file))).equals(await readFile(join(fixtureDir, file)));
      assert.ok(same, `${file} differs from the committed fixture: run npm run build:fixture-model`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('the fixture tokenizer splits job text into whole words and word pieces', async () => {
  const tokenizer = await loadTokenizer();
  assert.deepEqual(tokenizer.encode('Senior Python engineer, 5 years').tokens, ['[CLS]', 'senior', 'python', 'engineer', ',', '5', 'years', '[SEP]']);
  assert.deepEqual(tokenizer.encode('Café Pythonista').tokens, ['[CLS]', 'c', '##a', '##f', '##e', 'python', '##ist', '##a', '[SEP]']);
  const pair = tokenizer.encode('sales manager', { text_pair: 'retail store', return_token_type_ids: true });
  assert.deepEqual(pair.tokens, ['[CLS]', 'sales', 'manager', '[SEP]', 'retail', 'store', '[SEP]']);
  assert.deepEqual(pair.token_type_ids, [0, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual(tokenizer.encode('[PAD][UNK][CLS][SEP][MASK]', { add_special_tokens: false }).ids, [0, 1, 2, 3, 4]);
});

test('config.json and resumator.json describe the generated model', async () => {
  const configPath = join(fixtureDir, 'config.json');
  const config = parseBertConfig(JSON.parse(await readFile(configPath, 'utf8')), configPath);
  assert.deepEqual(config, tinyBertConfig());
  const vocab = (JSON.parse(await readFile(join(fixtureDir, 'tokenizer.json'), 'utf8')) as { model: { vocab: object } }).model.vocab;
  assert.equal(Object.keys(vocab).length, config.vocabSize);
  const meta = JSON.parse(await readFile(join(fixtureDir, 'resumator.json'), 'utf8')) as unknown;
  assert.deepEqual(meta, {
    name: 'tiny-bert',
    description: 'random weights for tests; scores are meaningless',
    matryoshka_dims: [32, 16, 8],
    default_dim: 32,
  });
});

test('the committed model.onnx matches the reference forward pass of its seeded weights', async (t) => {
  const tokenizer = await loadTokenizer();
  const texts = ['Senior Python engineer, 5 years', 'Registered nurse', 'Sales manager with retail store experience in London'];
  const batch = padBatch(texts.map((text) => tokenizer.encode(text).ids));
  const config = tinyBertConfig();
  const session = await ModelSession.create(join(fixtureDir, 'model.onnx'));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask', 'token_type_ids']);
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  assert.deepEqual(hidden.dims, [3, batch.inputIds[0]?.length, 32]);
  const expected = referenceBertForward(config, randomBertWeights(config, TINY_FIXTURE_SEED), batch).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 32);
  t.diagnostic(`fixture max abs diff vs reference: ${maxDiff.toExponential(2)} over ${compared} values`);
  assert.equal(compared, (8 + 4 + 10) * 32);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
});
