import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertCheckpoint, type ConvertOptions } from '../../src/convert/convert-checkpoint.js';
import { ModelSession } from '../../src/runtime/session.js';
import { DECODER_FAMILIES, writeTinyDecoder, type TinyDecoderOptions } from '../support/decoder-checkpoint.js';
import { leftPad, maxLogitDiff, prefillFeeds } from '../support/decoder-feeds.js';
import { referenceDecoderLogits, type BrokenDetail } from '../support/reference-decoder.js';
import type { DecoderFamily } from '../../src/architectures/decoder/config.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-decoder-'));
// Rows of different lengths: the batch is left-padded, so rows 1 and 2 start with pad positions.
const rows = [
  [35, 302, 25, 319, 36, 43, 288, 198, 17, 91],
  [329, 84, 82, 198, 39],
  [12, 250],
];
const { ids, mask } = leftPad(rows);

async function convertTiny(family: DecoderFamily, options: TinyDecoderOptions = {}, convert: ConvertOptions = {}) {
  const parent = scratch();
  const checkpoint = await writeTinyDecoder(path.join(parent, 'ckpt'), family, options);
  const out = path.join(parent, 'out');
  const result = await convertCheckpoint(checkpoint.dir, out, convert);
  return { checkpoint, out, result };
}

for (const family of DECODER_FAMILIES) {
  test(`${family}: converted logits match the float64 reference on a left-padded batch, all and last positions`, async (t) => {
    const { checkpoint, out, result } = await convertTiny(family);
    assert.equal(result.architecture, { qwen2: 'Qwen2ForCausalLM', qwen3: 'Qwen3ForCausalLM', llama: 'LlamaForCausalLM' }[family]);
    const session = await ModelSession.create(path.join(out, 'model.onnx'));
    const expected = referenceDecoderLogits(checkpoint.configJson, checkpoint.weights, { inputIds: ids, attentionMask: mask });
    const all = (await session.run(prefillFeeds(checkpoint.config, ids, mask, 0)))['logits'];
    const last = (await session.run(prefillFeeds(checkpoint.config, ids, mask, 1)))['logits'];
    assert.ok(all !== undefined && last !== undefined);
    assert.deepEqual(all.dims, [3, 10, 352]);
    assert.deepEqual(last.dims, [3, 1, 352]);
    assert.ok(!all.data.some(Number.isNaN), 'padded query rows produce no NaN');
    const diffAll = maxLogitDiff(all, expected, mask);
    const diffLast = maxLogitDiff(last, expected, mask);
    t.diagnostic(`max abs diff: all positions ${diffAll.toExponential(2)}, last position ${diffLast.toExponential(2)}`);
    assert.ok(diffAll < 1e-4 && diffLast < 1e-4, `max abs diff ${diffAll} / ${diffLast}`);
    await session.dispose();
  });
}

test('the comparison catches wrong details: interleaved rotary, skipped q_norm/k_norm, interleaved KV-head sharing, RMSNorm without eps', async (t) => {
  const cases: Array<[DecoderFamily, BrokenDetail]> = [
    ['qwen2', 'interleaved-rotary'],
    ['qwen3', 'skip-qk-norm'],
    ['llama', 'repeat-kv-interleaved'],
    ['qwen3', 'no-rms-eps'],
  ];
  for (const [family, detail] of cases) {
    // Tiny hidden states make eps matter: scale the embeddings down for the eps case.
    const { checkpoint, out } = await convertTiny(family, detail === 'no-rms-eps' ? { std: 0.35, config: { rms_norm_eps: 1e-2 } } : {});
    const session = await ModelSession.create(path.join(out, 'model.onnx'));
    const logits = (await session.run(prefillFeeds(checkpoint.config, ids, mask, 0)))['logits'];
    assert.ok(logits);
    const broken = referenceDecoderLogits(checkpoint.configJson, checkpoint.weights, { inputIds: ids, attentionMask: mask }, detail);
    const diff = maxLogitDiff(logits, broken, mask);
    t.diagnostic(`${family} vs reference with ${detail}: max abs diff ${diff.toExponential(2)}`);
    assert.ok(diff > 1e-2, `${detail} moved the logits only ${diff}`);
    await session.dispose();
  }
});

test('resumator.json records a causal LM; generation_config, tokenizer_config (chat template) and special_tokens_map are copied', async () => {
  const { out, result } = await convertTiny('qwen3');
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, any>;
  assert.equal(manifest.task, 'causal-lm');
  assert.equal(manifest.architecture, 'Qwen3ForCausalLM');
  assert.equal(manifest.operators, 'standard');
  assert.deepEqual(manifest.decoder.num_key_value_heads, 2);
  assert.equal(manifest.decoder.head_dim, 16);
  assert.deepEqual(result.outputs.slice(0, 3), ['logits', 'present.0.key', 'present.0.value']);
  for (const file of ['generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'config.json']) {
    assert.ok(existsSync(path.join(out, file)), file);
  }
  const tokenizerConfig = JSON.parse(readFileSync(path.join(out, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  assert.match(String(tokenizerConfig['chat_template']), /<\|im_start\|>/);
});

test('sharded bf16 checkpoints, f16 storage, external data and --fused-ops convert to the same logits', async (t) => {
  const base = await convertTiny('qwen2', { shards: 3 });
  const variants: Array<[string, ConvertOptions]> = [
    ['external data', { externalData: true }],
    ['f16 weights', { dtype: 'f16' }],
    ['fused ops', { fusedOps: true }],
  ];
  const expected = referenceDecoderLogits(base.checkpoint.configJson, base.checkpoint.weights, { inputIds: ids, attentionMask: mask });
  for (const [label, options] of variants) {
    const out = `${base.out}-${label.replace(' ', '-')}`;
    const result = await convertCheckpoint(base.checkpoint.dir, out, options);
    if (options.externalData === true) assert.ok(existsSync(path.join(out, 'model.onnx_data')) && result.externalData);
    if (options.fusedOps === true) {
      const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, any>;
      assert.equal(manifest.operators, 'onnxruntime-fused');
      assert.deepEqual(manifest.decoder.contrib_ops, { norm: true, rotary: true, attention: 'standard' });
    }
    const session = await ModelSession.create(path.join(out, 'model.onnx'));
    const logits = (await session.run(prefillFeeds(base.checkpoint.config, ids, mask, 1)))['logits'];
    assert.ok(logits);
    const diff = maxLogitDiff(logits, expected, mask);
    t.diagnostic(`${label}: max abs diff ${diff.toExponential(2)}`);
    // bf16 values of this range are exact in f16, so f16 storage changes nothing either.
    assert.ok(diff < 1e-4, `${label}: ${diff}`);
    await session.dispose();
  }
});
