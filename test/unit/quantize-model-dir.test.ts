import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelError, UsageError } from '../../src/errors.js';
import { defaultQuantizedDir, quantizeModelDirectory } from '../../src/quantize/quantize-model-dir.js';
import { TINY_MODEL } from '../support/cli.js';

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'resumator-quant-'));
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test('the output directory is a full copy with the int8 model and a quantization record', async () => {
  const out = path.join(scratch(), 'tiny-int8');
  const result = await quantizeModelDirectory(TINY_MODEL, out);
  const sourceFiles = readdirSync(TINY_MODEL, { recursive: true }).map(String).sort();
  assert.deepEqual(readdirSync(out, { recursive: true }).map(String).sort(), sourceFiles);
  for (const file of ['tokenizer.json', 'config.json', path.join('1_Pooling', 'config.json')]) {
    assert.equal(sha256(path.join(out, file)), sha256(path.join(TINY_MODEL, file)), file);
  }
  assert.equal(result.modelFile, path.join(out, 'model.onnx'));
  assert.equal(result.modelBytes, statSync(result.modelFile).size);
  assert.equal(result.sourceModelBytes, statSync(path.join(TINY_MODEL, 'model.onnx')).size);
  assert.equal(result.sizeRatio, result.modelBytes / result.sourceModelBytes);
  assert.equal(result.sha256, sha256(result.modelFile));
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest['name'], 'tiny-bert-int8');
  assert.deepEqual(manifest['matryoshka_dims'], [32, 16, 8]);
  assert.deepEqual(manifest['quantization'], {
    method: 'dynamic',
    weights: 'int8',
    scheme: 'symmetric, zero point 0; MatMul weights: one scale per output channel, (m1 + m2) / 127 for its two largest magnitudes (no int16 saturation in u8 x s8 kernels); embedding tables: one scale per row, max|w| / 127',
    activations: 'uint8, one scale and zero point per tensor, computed at run time',
    encoding: 'com.microsoft.DynamicQuantizeMatMul',
    matmuls: 12,
    embedding_tables: 2,
    source_model: 'model.onnx',
    source_model_sha256: sha256(path.join(TINY_MODEL, 'model.onnx')),
  });
  // Nothing but the target is left beside it (the temporary directory was renamed).
  assert.deepEqual(readdirSync(path.dirname(out)), ['tiny-int8']);
});

test('an existing output directory is refused unless force, which replaces it whole', async () => {
  const root = scratch();
  const out = path.join(root, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'stale.txt'), 'old');
  await assert.rejects(quantizeModelDirectory(TINY_MODEL, out), (err: unknown) => err instanceof UsageError && /already exists; pass --force/.test(err.message));
  assert.ok(existsSync(path.join(out, 'stale.txt')));
  await quantizeModelDirectory(TINY_MODEL, out, { force: true });
  assert.ok(!existsSync(path.join(out, 'stale.txt')));
  assert.ok(existsSync(path.join(out, 'model.onnx')));
  assert.deepEqual(readdirSync(root), ['out']);
});

test('the source itself or a directory inside it is refused as output', async () => {
  const src = path.join(scratch(), 'model');
  cpSync(TINY_MODEL, src, { recursive: true });
  await assert.rejects(quantizeModelDirectory(src, src, { force: true }), UsageError);
  await assert.rejects(quantizeModelDirectory(src, path.join(src, 'int8')), UsageError);
});

test('an already quantized source fails before anything is written', async () => {
  const root = scratch();
  await quantizeModelDirectory(TINY_MODEL, path.join(root, 'once'));
  await assert.rejects(quantizeModelDirectory(path.join(root, 'once'), path.join(root, 'twice')), (err: unknown) => err instanceof ModelError && /already quantized/.test(err.message));
  assert.deepEqual(readdirSync(root), ['once']);
});

test('a missing directory or one that is not a model directory is a ModelError', async () => {
  const root = scratch();
  await assert.rejects(quantizeModelDirectory(path.join(root, 'nope'), path.join(root, 'out')), ModelError);
  await assert.rejects(quantizeModelDirectory(root, path.join(os.tmpdir(), 'never-written-int8')), ModelError);
});

test('the default output directory is DIR-int8 beside DIR, trailing slashes ignored', () => {
  assert.equal(defaultQuantizedDir('models/minilm'), 'models/minilm-int8');
  assert.equal(defaultQuantizedDir('models/minilm/'), 'models/minilm-int8');
});
