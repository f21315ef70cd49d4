import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertCheckpoint } from '../../src/convert/convert-checkpoint.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { DataType, onnx } from '../../src/onnx/proto.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { writeTinyCheckpoint, type TinyCheckpointOptions } from '../support/hf-checkpoint.js';
import { referenceBertForward, referenceClassifierLogits } from '../support/reference-bert.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-convert-'));
// Token ids below the tiny vocabulary (636); row 0 uses both token types like a pair.
const rows = [
  [2, 117, 233, 45, 301, 9, 12, 480, 3],
  [2, 210, 77, 3],
  [2, 3],
];
const batch = padBatch(rows, 0, [[0, 0, 0, 0, 1, 1, 1, 1, 1]]);

async function converted(options: TinyCheckpointOptions, convertOptions: Parameters<typeof convertCheckpoint>[2] = {}) {
  const parent = scratch();
  const checkpoint = await writeTinyCheckpoint(path.join(parent, 'ckpt'), options);
  const out = path.join(parent, 'out');
  const result = await convertCheckpoint(checkpoint.dir, out, convertOptions);
  const session = await ModelSession.create(path.join(out, 'model.onnx'));
  return { checkpoint, out, result, session };
}

test('BertModel: last_hidden_state of the converted model matches the float64 reference on a padded batch', async (t) => {
  const { checkpoint, out, result, session } = await converted({ kind: 'bert' });
  assert.equal(result.architecture, 'BertModel');
  assert.deepEqual(session.outputNames, ['last_hidden_state']);
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(checkpoint.config, checkpoint.weights, batch).lastHiddenState;
  const { maxDiff, compared } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 32);
  t.diagnostic(`max abs diff ${maxDiff.toExponential(2)}`);
  assert.equal(compared, (9 + 4 + 2) * 32);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
  const model = await loadModelDirectory(out);
  assert.equal(model.name, 'ckpt');
  assert.equal(model.maxSeqLength, 128);
  assert.equal(model.pooling, 'mean');
  assert.equal(model.declaresNormalize, true);
});

test('resumator.json records architecture, dtype, outputs and the sha256 of every source file', async () => {
  const { checkpoint, out, result, session } = await converted({ kind: 'bert' }, { name: 'my-model', matryoshkaDims: [32, 16] });
  await session.dispose();
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, any>;
  assert.equal(manifest.name, 'my-model');
  assert.equal(manifest.architecture, 'BertModel');
  assert.equal(manifest.dtype, 'f32');
  assert.equal(manifest.external_data, false);
  assert.deepEqual(manifest.outputs, ['last_hidden_state']);
  assert.deepEqual(manifest.matryoshka_dims, [32, 16]);
  assert.equal(manifest.source.location, checkpoint.dir);
  const recorded = new Map((manifest.source.files as Array<{ path: string; sha256: string; bytes: number }>).map((f) => [f.path, f]));
  assert.deepEqual([...recorded.keys()].sort(), [
    '1_Pooling/config.json', 'config.json', 'model.safetensors', 'modules.json', 'sentence_bert_config.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json',
  ]);
  for (const [rel, entry] of recorded) {
    const bytes = readFileSync(path.join(checkpoint.dir, rel));
    assert.equal(entry.sha256, createHash('sha256').update(bytes).digest('hex'), rel);
    assert.equal(entry.bytes, bytes.length);
    if (rel !== 'model.safetensors') assert.deepEqual(readFileSync(path.join(out, rel)), bytes, `${rel} copied unchanged`);
  }
  assert.deepEqual(readdirSync(out).sort(), ['1_Pooling', 'config.json', 'model.onnx', 'modules.json', 'resumator.json', 'sentence_bert_config.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
  assert.deepEqual(result.files.map((f) => f.path).sort(), [...recorded.keys(), 'model.onnx', 'resumator.json'].filter((p) => p !== 'model.safetensors').sort());
  assert.deepEqual((await loadModelDirectory(out)).matryoshkaDims, [32, 16]);
});

for (const [numLabels, dtype, shards] of [[3, 'BF16', 3], [1, 'F16', 1]] as const) {
  test(`BertForSequenceClassification, ${numLabels} label(s), ${dtype} weights in ${shards} file(s): logits match the reference`, async (t) => {
    const { checkpoint, out, result, session } = await converted({ kind: 'classifier', numLabels, dtype, shards });
    assert.equal(result.architecture, 'BertForSequenceClassification');
    assert.deepEqual(session.outputNames, ['last_hidden_state', 'pooler_output', 'logits']);
    const logits = (await session.run(toFeeds(batch)))['logits'];
    assert.ok(logits);
    assert.deepEqual(logits.dims, [3, numLabels]);
    const expected = referenceClassifierLogits(checkpoint.config, checkpoint.weights, batch);
    const { maxDiff } = maxDiffOnRealTokens(logits.data, expected, [[1], [1], [1]], numLabels);
    t.diagnostic(`logits max abs diff ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
    // Different labels get visibly different logits, so a mixed-up classifier row would show.
    if (numLabels === 3) assert.ok(Math.abs((logits.data[0] as number) - (logits.data[1] as number)) > 1e-3);
    await session.dispose();
    const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest['num_labels'], numLabels);
    assert.deepEqual(manifest['labels'], Array.from({ length: numLabels }, (_, i) => `LABEL_${i}`));
  });
}

test('--external-data: weights in model.onnx_data at 4 KiB-aligned offsets; loading from the path gives the same outputs', async (t) => {
  const { checkpoint, out, result, session } = await converted({ kind: 'bert' }, { externalData: true });
  assert.equal(result.externalData, true);
  const model = onnx.ModelProto.decode(readFileSync(path.join(out, 'model.onnx')));
  const external = (model.graph?.initializer ?? []).filter((i) => i.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
  const dataSize = statSync(path.join(out, 'model.onnx_data')).size;
  // Tensors of 1 KiB or more: word and position tables, six matrices per layer (the 2x32
  // token-type table and the vectors stay inline).
  assert.equal(external.length, 2 + 2 * 6);
  for (const tensor of external) {
    const entry = Object.fromEntries((tensor.externalData ?? []).map((e) => [e.key, e.value]));
    assert.equal(entry['location'], 'model.onnx_data');
    assert.equal(Number(entry['offset']) % 4096, 0);
    assert.ok(Number(entry['offset']) + Number(entry['length']) <= dataSize);
    assert.equal(tensor.rawData?.length ?? 0, 0);
  }
  assert.ok(statSync(path.join(out, 'model.onnx')).size < 20_000, 'the graph file keeps only small constants');
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(checkpoint.config, checkpoint.weights, batch).lastHiddenState;
  const { maxDiff } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 32);
  t.diagnostic(`max abs diff ${maxDiff.toExponential(2)}`);
  assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  await session.dispose();
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest['external_data'], true);
});

test('--dtype f16: half-size float16 matrices, outputs within the rounding of 11-bit weights', async (t) => {
  const f32 = await converted({ kind: 'bert' });
  const { checkpoint, out, session } = await converted({ kind: 'bert' }, { dtype: 'f16' });
  const ratio = statSync(path.join(out, 'model.onnx')).size / statSync(path.join(f32.out, 'model.onnx')).size;
  t.diagnostic(`model.onnx f16/f32 size ratio ${ratio.toFixed(3)}`);
  assert.ok(ratio > 0.45 && ratio < 0.55, `ratio ${ratio}`);
  const model = onnx.ModelProto.decode(readFileSync(path.join(out, 'model.onnx')));
  const halves = (model.graph?.initializer ?? []).filter((i) => i.dataType === DataType.FLOAT16);
  assert.equal(halves.length, 3 + 2 * 6, 'three embedding tables and six matrices per layer');
  const hidden = (await session.run(toFeeds(batch)))['last_hidden_state'];
  assert.ok(hidden);
  const expected = referenceBertForward(checkpoint.config, checkpoint.weights, batch).lastHiddenState;
  const { maxDiff } = maxDiffOnRealTokens(hidden.data, expected, batch.attentionMask, 32);
  t.diagnostic(`f16 max abs diff vs the f32 reference ${maxDiff.toExponential(2)}`);
  // fp16 keeps 11 significant bits (relative error up to 2^-11 per weight); summed over 32-wide
  // dot products and two LayerNorm'd layers that moves unit-scale hidden states by ~1e-3, far
  // above float32's ~1e-6 but far below anything that changes a ranking. A diff of zero would
  // mean the weights were not rounded at all.
  assert.ok(maxDiff < 1e-2, `max abs diff ${maxDiff}`);
  assert.ok(maxDiff > 1e-6, `max abs diff ${maxDiff}: the f16 weights look unrounded`);
  await session.dispose();
  await f32.session.dispose();
});

test('beforeCommit sees the complete staging directory; when it throws, nothing is kept', async () => {
  const parent = scratch();
  const { dir } = await writeTinyCheckpoint(path.join(parent, 'ckpt'), { kind: 'bert' });
  const out = path.join(parent, 'models', 'out');
  let seen: string[] = [];
  await assert.rejects(
    convertCheckpoint(dir, out, {
      beforeCommit: async (staging) => {
        seen = readdirSync(staging).sort();
        throw new Error('quantization failed');
      },
    }),
    /quantization failed/,
  );
  assert.ok(seen.includes('model.onnx') && seen.includes('resumator.json') && seen.includes('tokenizer.json'), seen.join(','));
  assert.deepEqual(readdirSync(path.join(parent, 'models')), []);
});
