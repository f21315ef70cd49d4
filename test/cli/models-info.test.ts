import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
// From fixtures/models/tiny-bert/config.json: vocab 636, 512 positions, 2 token types, hidden 32,
// 2 layers, intermediate 64. Embeddings (636 + 512 + 2) x 32 + LayerNorm 64 = 36,864; a layer:
// Q/K/V/O 4 x (32 x 32 + 32) + LN 64 + 32 x 64 + 64 + 64 x 32 + 32 + LN 64 = 8,544.
const TINY_PARAMETERS = 36_864 + 2 * 8_544;

test('models info --format json: architecture, counts, dims, inputs/outputs and file hashes', async () => {
  const r = await runCli(['models', 'info', TINY_MODEL, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(info['architecture'], 'BertModel');
  assert.equal(info['parameters'], TINY_PARAMETERS);
  assert.equal(info['hidden_size'], 32);
  assert.equal(info['layers'], 2);
  assert.equal(info['native_dim'], 32);
  assert.deepEqual(info['matryoshka_dims'], [32, 16, 8]);
  assert.equal(info['max_seq_length'], 128);
  assert.equal(info['pooling'], 'mean');
  const ids = { type: 'int64', shape: ['batch', 'sequence'] };
  assert.deepEqual(info['inputs'], [
    { name: 'input_ids', ...ids },
    { name: 'attention_mask', ...ids },
    { name: 'token_type_ids', ...ids },
  ]);
  assert.deepEqual(info['outputs'], [{ name: 'last_hidden_state', type: 'float32', shape: ['batch', 'sequence', 32] }]);
  assert.deepEqual(info['quantization'], { weights: 'none', int8_parameters: 0, int4_parameters: 0, float32_parameters: TINY_PARAMETERS, ops: [] });
  assert.equal(info['task'], 'encoder');
  const files = info['files'] as Array<{ path: string; bytes: number; sha256: string }>;
  assert.equal(files.length, 10);
  const model = files.find((f) => f.path === 'model.onnx');
  assert.deepEqual(model, { path: 'model.onnx', bytes: statSync(path.join(TINY_MODEL, 'model.onnx')).size, sha256: sha256(path.join(TINY_MODEL, 'model.onnx')) });
  assert.ok(files.some((f) => f.path === '1_Pooling/config.json'));
});

test('models info text: the same facts, and an int8 model shows its quantization and source', async () => {
  const text = await runCli(['models', 'info', TINY_MODEL]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^architecture: +BertModel \(model_type bert\)$/m);
  assert.match(text.stdout, /^parameters: +53,952$/m);
  assert.match(text.stdout, /^matryoshka dims: +32, 16, 8 \(default 32\)$/m);
  assert.match(text.stdout, /^ +last_hidden_state +float32 \[batch, sequence, 32\]$/m);
  assert.match(text.stdout, /^quantization: +none \(float32 weights\)$/m);
  assert.match(text.stdout, new RegExp(`^ +model\\.onnx +219\\.1 KiB +sha256 ${sha256(path.join(TINY_MODEL, 'model.onnx'))}$`, 'm'));

  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-info-')), 'int8');
  assert.equal((await runCli(['models', 'quantize', TINY_MODEL, out, '--format', 'json'])).code, 0);
  const q = await runCli(['models', 'info', out]);
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout, /^parameters: +53,952$/m);
  assert.match(q.stdout, /^quantization: +dynamic int8: 53,120 parameters \(98\.5%\) int8, 832 float32; ops com\.microsoft\.DynamicQuantizeMatMul$/m);
  assert.match(q.stdout, new RegExp(`made from a model with sha256 ${sha256(path.join(TINY_MODEL, 'model.onnx'))}`));
  const json = JSON.parse((await runCli(['models', 'info', out, '--format', 'json'])).stdout) as { quantization: { weights: string; manifest: { source_model_sha256: string } } };
  assert.equal(json.quantization.weights, 'int8');
  assert.equal(json.quantization.manifest.source_model_sha256, sha256(path.join(TINY_MODEL, 'model.onnx')));
});

test('models info errors exit 2: missing directory, not a model directory', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-info-'));
  const missing = await runCli(['models', 'info', path.join(root, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error: .*nope: model directory not found/);
  const notModel = await runCli(['models', 'info', root, '--format', 'json']);
  assert.equal(notModel.code, 2);
  assert.match(notModel.stderr, /config\.json: file not found/);
  assert.equal(notModel.stdout, '');
});
