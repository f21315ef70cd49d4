import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { parseBertConfig, parseRobertaConfig } from '../../src/architectures/bert/bert-config.js';

// The fields of all-MiniLM-L6-v2's config.json that matter, plus some that are ignored.
const miniLm = {
  architectures: ['BertModel'],
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  hidden_size: 384,
  intermediate_size: 1536,
  layer_norm_eps: 1e-12,
  max_position_embeddings: 512,
  model_type: 'bert',
  num_attention_heads: 12,
  num_hidden_layers: 6,
  pad_token_id: 0,
  type_vocab_size: 2,
  vocab_size: 30522,
};

test('parseBertConfig reads a MiniLM config', () => {
  assert.deepEqual(parseBertConfig(miniLm, 'config.json'), {
    vocabSize: 30522,
    hiddenSize: 384,
    numHiddenLayers: 6,
    numAttentionHeads: 12,
    intermediateSize: 1536,
    maxPositionEmbeddings: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    hiddenAct: 'gelu',
    padTokenId: 0,
  });
});

test('layer_norm_eps, hidden_act and pad_token_id default like transformers BertConfig', () => {
  const { layer_norm_eps: _eps, hidden_act: _act, pad_token_id: _pad, ...rest } = miniLm;
  const config = parseBertConfig({ ...rest, layer_norm_eps: undefined }, 'config.json');
  assert.equal(config.layerNormEps, 1e-12);
  assert.equal(config.hiddenAct, 'gelu');
  assert.equal(config.padTokenId, 0);
  assert.equal(parseBertConfig({ ...miniLm, layer_norm_eps: 1e-5 }, 'c.json').layerNormEps, 1e-5);
});

test('an unsupported activation lists the supported ones', () => {
  assert.throws(() => parseBertConfig({ ...miniLm, hidden_act: 'gelu_new' }, 'm/config.json'), {
    name: 'ModelError',
    message: `m/config.json: field 'hidden_act' is "gelu_new"; supported: 'gelu'`,
  });
});

test('missing or invalid fields name the file and the field', () => {
  const { vocab_size: _v, ...noVocab } = miniLm;
  assert.throws(() => parseBertConfig(noVocab, 'm/config.json'), {
    message: "m/config.json: field 'vocab_size' must be an integer >= 1, got undefined",
  });
  assert.throws(() => parseBertConfig({ ...miniLm, num_hidden_layers: 2.5 }, 'c.json'), /field 'num_hidden_layers' must be an integer >= 1, got 2.5/);
  assert.throws(() => parseBertConfig({ ...miniLm, hidden_size: '384' }, 'c.json'), /field 'hidden_size' must be an integer >= 1, got "384"/);
  assert.throws(() => parseBertConfig({ ...miniLm, layer_norm_eps: -1 }, 'c.json'), /field 'layer_norm_eps' must be a positive number, got -1/);
  assert.throws(() => parseBertConfig({ ...miniLm, pad_token_id: 30522 }, 'c.json'), /'pad_token_id' \(30522\) must be below 'vocab_size'/);
  assert.throws(() => parseBertConfig([miniLm], 'c.json'), (err: unknown) => err instanceof ModelError && err.message === 'c.json: config must be a JSON object');
});

test('hidden_size must split evenly into heads', () => {
  assert.throws(() => parseBertConfig({ ...miniLm, num_attention_heads: 5 }, 'c.json'), {
    message: "c.json: field 'hidden_size' (384) must be divisible by 'num_attention_heads' (5)",
  });
});

test('position_embedding_type other than absolute is rejected, absolute accepted', () => {
  assert.equal(parseBertConfig({ ...miniLm, position_embedding_type: 'absolute' }, 'c.json').hiddenSize, 384);
  assert.throws(() => parseBertConfig({ ...miniLm, position_embedding_type: 'relative_key' }, 'c.json'), {
    name: 'ModelError',
    message: `c.json: field 'position_embedding_type' is "relative_key"; supported: 'absolute'`,
  });
});

test('parseRobertaConfig reads an XLM-R config and defaults pad_token_id to 1', () => {
  // paraphrase-multilingual-style XLM-R base, fields that matter.
  const xlmr = {
    model_type: 'xlm-roberta',
    hidden_size: 768,
    intermediate_size: 3072,
    layer_norm_eps: 1e-5,
    max_position_embeddings: 514,
    num_attention_heads: 12,
    num_hidden_layers: 12,
    pad_token_id: 1,
    type_vocab_size: 1,
    vocab_size: 250002,
  };
  const config = parseRobertaConfig(xlmr, 'config.json');
  assert.deepEqual([config.padTokenId, config.typeVocabSize, config.layerNormEps, config.maxPositionEmbeddings], [1, 1, 1e-5, 514]);
  const { pad_token_id: _pad, ...noPad } = xlmr;
  assert.equal(parseRobertaConfig(noPad, 'config.json').padTokenId, 1);
  assert.equal(parseRobertaConfig({ ...xlmr, pad_token_id: 0 }, 'config.json').padTokenId, 0);
  assert.throws(() => parseRobertaConfig(null, 'c.json'), { message: 'c.json: config must be a JSON object' });
});
