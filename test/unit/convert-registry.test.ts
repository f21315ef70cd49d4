import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Architecture } from '../../src/architectures/architecture.js';
import { parseLabels } from '../../src/architectures/bert/bert-architectures.js';
import { ARCHITECTURES, chooseArchitecture } from '../../src/architectures/registry.js';
import { ModelError } from '../../src/errors.js';

const files = { config: 'config.json', weights: 'model.safetensors' };
const bareBert = new Set(['embeddings.word_embeddings.weight', 'encoder.layer.0.attention.self.query.weight']);
const prefixed = new Set([...bareBert].map((n) => `bert.${n}`));

test('BertModel is chosen for bare and bert.-prefixed encoders; pretraining heads are skipped', () => {
  const bare = chooseArchitecture({ model_type: 'bert', architectures: ['BertModel'] }, bareBert, files);
  assert.equal(bare.architecture.name, 'BertModel');
  assert.equal(bare.prefix, '');
  const masked = chooseArchitecture({ model_type: 'bert', architectures: ['BertForMaskedLM'] }, new Set([...prefixed, 'cls.predictions.bias']), files);
  assert.equal(masked.architecture.name, 'BertModel');
  assert.equal(masked.prefix, 'bert.');
  assert.equal(masked.keep('cls.predictions.bias'), false);
  assert.equal(masked.keep('bert.embeddings.word_embeddings.weight'), true);
});

test('a classifier is chosen by its declared class, or by its head tensors when none is declared', () => {
  const names = new Set([...prefixed, 'classifier.weight', 'classifier.bias']);
  assert.equal(chooseArchitecture({ model_type: 'bert', architectures: ['BertForSequenceClassification'] }, names, files).architecture.name, 'BertForSequenceClassification');
  assert.equal(chooseArchitecture({ model_type: 'bert' }, names, files).architecture.name, 'BertForSequenceClassification');
  assert.equal(chooseArchitecture({ model_type: 'bert' }, prefixed, files).architecture.name, 'BertModel');
  assert.throws(
    () => chooseArchitecture({ model_type: 'bert', architectures: ['BertForSequenceClassification'] }, prefixed, files),
    /model\.safetensors: missing tensor 'classifier\.weight', 'classifier\.bias' required by BertForSequenceClassification/,
  );
});

test('an unknown architecture lists the supported ones', () => {
  assert.throws(
    () => chooseArchitecture({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }, new Set(['h.0.attn.c_attn.weight']), files),
    (err: unknown) =>
      err instanceof ModelError &&
      err.message ===
        "config.json: unsupported architecture: model_type 'gpt2' and architectures [GPT2LMHeadModel]; supported: BertModel (model_type bert), BertForSequenceClassification (model_type bert), MPNetModel (model_type mpnet), RobertaModel (model_type roberta), XLMRobertaModel (model_type xlm-roberta), Qwen2ForCausalLM (model_type qwen2), Qwen3ForCausalLM (model_type qwen3), LlamaForCausalLM (model_type llama)",
  );
  assert.throws(() => chooseArchitecture({ model_type: 'bert', architectures: ['BertForQuestionAnswering'] }, prefixed, files), /unsupported architecture: .*BertForQuestionAnswering/);
  assert.throws(() => chooseArchitecture({ model_type: 'bert' }, new Set(['something.else']), files), /missing tensor 'embeddings\.word_embeddings\.weight' or 'bert\.embeddings\.word_embeddings\.weight' required by BertModel/);
});

test('MPNetModel is chosen for the bare tensors of a checkpoint that declares MPNetForMaskedLM', () => {
  const config = { model_type: 'mpnet', architectures: ['MPNetForMaskedLM'] };
  const bare = chooseArchitecture(config, new Set(['embeddings.word_embeddings.weight', 'lm_head.bias']), files);
  assert.equal(bare.architecture.name, 'MPNetModel');
  assert.equal(bare.prefix, '');
  assert.equal(bare.keep('lm_head.bias'), false);
  assert.equal(chooseArchitecture(config, new Set(['mpnet.embeddings.word_embeddings.weight']), files).prefix, 'mpnet.');
  const xlmr = chooseArchitecture({ model_type: 'xlm-roberta', architectures: ['XLMRobertaModel'] }, new Set(['roberta.embeddings.word_embeddings.weight']), files);
  assert.deepEqual([xlmr.architecture.name, xlmr.prefix], ['XLMRobertaModel', 'roberta.']);
});

test('a registry entry is all it takes to add an architecture', () => {
  const fake: Architecture = {
    name: 'FakeModel',
    modelTypes: ['fake'],
    configArchitectures: ['FakeModel'],
    prefixes: ['', 'fake.'],
    anchorTensor: 'embed.weight',
    build: () => assert.fail('not built here'),
  };
  const choice = chooseArchitecture({ model_type: 'fake', architectures: ['FakeModel'] }, new Set(['fake.embed.weight']), files, [...ARCHITECTURES, fake]);
  assert.deepEqual([choice.architecture.name, choice.prefix], ['FakeModel', 'fake.']);
});

test('labels come from id2label, else num_labels, else transformers\' default of 2', () => {
  assert.deepEqual(parseLabels({ id2label: { '0': 'irrelevant', '1': 'contextual', '2': 'core' } }, 'c.json'), ['irrelevant', 'contextual', 'core']);
  assert.deepEqual(parseLabels({ num_labels: 1 }, 'c.json'), ['LABEL_0']);
  assert.deepEqual(parseLabels({}, 'c.json'), ['LABEL_0', 'LABEL_1']);
  assert.throws(() => parseLabels({ id2label: { '0': 'a', '2': 'b' } }, 'c.json'), /c\.json: 'id2label' must map "0"\.\."1" to names; "1" is undefined/);
});

test('causal LMs are chosen by model_type and architectures; their lm_head is kept', () => {
  const names = new Set(['model.embed_tokens.weight', 'lm_head.weight']);
  for (const [modelType, architecture] of [['qwen2', 'Qwen2ForCausalLM'], ['qwen3', 'Qwen3ForCausalLM'], ['llama', 'LlamaForCausalLM']] as const) {
    const choice = chooseArchitecture({ model_type: modelType, architectures: [architecture] }, names, files);
    assert.deepEqual([choice.architecture.name, choice.prefix], [architecture, '']);
    assert.equal(choice.keep('lm_head.weight'), true);
  }
  assert.throws(
    () => chooseArchitecture({ model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] }, new Set(['transformer.wte.weight']), files),
    /missing tensor 'model\.embed_tokens\.weight' required by Qwen2ForCausalLM/,
  );
  assert.throws(() => chooseArchitecture({ model_type: 'qwen2', architectures: ['Qwen2ForSequenceClassification'] }, names, files), /unsupported architecture: .*supported: .*Qwen2ForCausalLM/);
});
