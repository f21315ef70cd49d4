import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDim } from '../../src/embed/dimension.js';
import { ModelError, UsageError } from '../../src/errors.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { TINY_MODEL } from '../support/cli.js';

function copy(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-md-')), 'm');
  cpSync(TINY_MODEL, dir, { recursive: true });
  return dir;
}

test('reads the tiny model: max_seq_length from sentence_bert_config, pooling, manifest', async () => {
  const m = await loadModelDirectory(TINY_MODEL);
  assert.equal(m.maxSeqLength, 128);
  assert.equal(m.pooling, 'mean');
  assert.equal(m.hiddenSize, 32);
  assert.equal(m.name, 'tiny-bert');
  assert.deepEqual(m.matryoshkaDims, [32, 16, 8]);
  assert.equal(m.defaultDim, 32);
  assert.equal(m.modelFile, path.join(TINY_MODEL, 'model.onnx'));
});

test('onnx/model.onnx is found; cls pooling is read; no sentence_bert_config falls back to model_max_length', async () => {
  const dir = copy();
  mkdirSync(path.join(dir, 'onnx'));
  renameSync(path.join(dir, 'model.onnx'), path.join(dir, 'onnx', 'model.onnx'));
  writeFileSync(path.join(dir, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
  rmSync(path.join(dir, 'sentence_bert_config.json'));
  const m = await loadModelDirectory(dir);
  assert.equal(m.modelFile, path.join(dir, 'onnx', 'model.onnx'));
  assert.equal(m.pooling, 'cls');
  assert.equal(m.maxSeqLength, 512, 'tokenizer_config model_max_length');
});

test('a pooling config with no supported mode, or two, names the supported ones', async () => {
  const dir = copy();
  const file = path.join(dir, '1_Pooling', 'config.json');
  writeFileSync(file, JSON.stringify({ pooling_mode_weightedmean_tokens: true }));
  await assert.rejects(loadModelDirectory(dir), (e: Error) => e instanceof ModelError && /unsupported pooling pooling_mode_weightedmean_tokens; supported: mean, cls, max/.test(e.message));
  writeFileSync(file, JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: true }));
  await assert.rejects(loadModelDirectory(dir), /exactly one pooling mode must be enabled \(found 2\)/);
});

test('missing tokenizer.json and a default_dim above hidden_size are model errors', async () => {
  const dir = copy();
  writeFileSync(path.join(dir, 'resumator.json'), JSON.stringify({ default_dim: 64 }));
  await assert.rejects(loadModelDirectory(dir), /default_dim 64 exceeds the model's hidden_size 32/);
  rmSync(path.join(dir, 'tokenizer.json'));
  await assert.rejects(loadModelDirectory(dir), /tokenizer\.json: tokenizer\.json not found/);
});

test('resolveDim: default_dim, explicit dims, and the native limit', async () => {
  const m = await loadModelDirectory(TINY_MODEL);
  assert.equal(resolveDim(undefined, m, 32), 32);
  assert.equal(resolveDim(8, m, 32), 8);
  assert.equal(resolveDim(undefined, { ...m, defaultDim: 16 }, 32), 16);
  assert.throws(() => resolveDim(33, m, 32), (e: Error) => e instanceof UsageError && /the model declares 32, 16, 8/.test(e.message));
  assert.throws(() => resolveDim(40, { ...m, matryoshkaDims: [] }, 32), /use 1\.\.32/);
});
