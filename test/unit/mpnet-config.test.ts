import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { mpnetTensorShapes, parseMpnetConfig } from '../../src/architectures/mpnet/mpnet-config.js';

// all-mpnet-base-v2's config.json, fields that matter plus some that are ignored.
const allMpnet = {
  architectures: ['MPNetForMaskedLM'],
  attention_probs_dropout_prob: 0.1,
  bos_token_id: 0,
  eos_token_id: 2,
  hidden_act: 'gelu',
  hidden_size: 768,
  intermediate_size: 3072,
  layer_norm_eps: 1e-5,
  max_position_embeddings: 514,
  model_type: 'mpnet',
  num_attention_heads: 12,
  num_hidden_layers: 12,
  pad_token_id: 1,
  relative_attention_num_buckets: 32,
  vocab_size: 30527,
};

test('parseMpnetConfig reads the all-mpnet-base-v2 config', () => {
  assert.deepEqual(parseMpnetConfig(allMpnet, 'config.json'), {
    vocabSize: 30527,
    hiddenSize: 768,
    numHiddenLayers: 12,
    numAttentionHeads: 12,
    intermediateSize: 3072,
    maxPositionEmbeddings: 514,
    layerNormEps: 1e-5,
    hiddenAct: 'gelu',
    padTokenId: 1,
    relativeAttentionNumBuckets: 32,
  });
});

test('omitted fields take transformers MPNetConfig defaults', () => {
  const { layer_norm_eps: _e, pad_token_id: _p, relative_attention_num_buckets: _r, hidden_act: _a, ...rest } = allMpnet;
  const config = parseMpnetConfig(rest, 'config.json');
  assert.equal(config.layerNormEps, 1e-12);
  assert.equal(config.padTokenId, 1);
  assert.equal(config.relativeAttentionNumBuckets, 32);
  assert.equal(config.hiddenAct, 'gelu');
});

test('invalid MPNet configs are ModelErrors naming the file and field', () => {
  const { hidden_size: _h, ...noHidden } = allMpnet;
  assert.throws(() => parseMpnetConfig(noHidden, 'm/config.json'), {
    name: 'ModelError',
    message: "m/config.json: field 'hidden_size' must be an integer >= 1, got undefined",
  });
  assert.throws(() => parseMpnetConfig({ ...allMpnet, relative_attention_num_buckets: 16 }, 'c.json'), {
    message: "c.json: field 'relative_attention_num_buckets' must be an integer >= 32, got 16",
  });
  assert.throws(() => parseMpnetConfig({ ...allMpnet, hidden_act: 'relu' }, 'c.json'), /field 'hidden_act' is "relu"; supported: 'gelu'/);
  assert.throws(() => parseMpnetConfig({ ...allMpnet, num_attention_heads: 7 }, 'c.json'), /must be divisible/);
  assert.throws(() => parseMpnetConfig([allMpnet], 'c.json'), (err: unknown) => err instanceof ModelError && /JSON object/.test(err.message));
});

test('mpnetTensorShapes lists the MPNetModel tensors with their Hugging Face names', () => {
  const shapes = mpnetTensorShapes(parseMpnetConfig(allMpnet, 'config.json'));
  const byName = new Map(shapes);
  // 4 embedding tensors, 16 per layer, the shared relative bias and the pooler's 2.
  assert.equal(shapes.length, 4 + 16 * 12 + 3);
  assert.equal(byName.size, shapes.length);
  assert.deepEqual(byName.get('encoder.layer.11.attention.attn.o.weight'), [768, 768]);
  assert.deepEqual(byName.get('encoder.layer.0.attention.LayerNorm.bias'), [768]);
  assert.deepEqual(byName.get('encoder.layer.3.intermediate.dense.weight'), [3072, 768]);
  assert.deepEqual(byName.get('encoder.relative_attention_bias.weight'), [32, 12]);
  assert.deepEqual(byName.get('embeddings.position_embeddings.weight'), [514, 768]);
  assert.equal(byName.has('embeddings.token_type_embeddings.weight'), false);
  // embeddings 30527*768 + 514*768 + 2*768 = 23,841,024; per layer 4*(768*768+768) + 2*768 +
  // (3072*768+3072) + (768*3072+768) + 2*768 = 7,087,872; bias 32*12; pooler 768*768+768.
  const params = shapes.reduce((sum, [, dims]) => sum + dims.reduce((a, b) => a * b, 1), 0);
  assert.equal(params, 23_841_024 + 12 * 7_087_872 + 384 + 590_592);
  assert.equal(params, 109_486_464);
});
