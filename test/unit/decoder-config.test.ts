import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDecoderConfig, tokenIds, type DecoderFamily } from '../../src/architectures/decoder/config.js';
import { inverseFrequencies } from '../../src/architectures/decoder/rope-config.js';
import { decoderParameterCount } from '../../src/architectures/decoder/tensors.js';
import { ModelError } from '../../src/errors.js';
import { sharedDir, skipWithoutShared } from '../support/paths.js';

const base = { hidden_size: 64, num_attention_heads: 4, num_hidden_layers: 2, intermediate_size: 128, vocab_size: 100 };

test('the real Qwen2.5-0.5B, Qwen3-0.6B and SmolLM2-360M configs parse to their published shapes and parameter counts', { skip: skipWithoutShared }, () => {
  const read = (model: string, family: DecoderFamily) => parseDecoderConfig(JSON.parse(readFileSync(path.join(sharedDir, 'models', model, 'config.json'), 'utf8')), family, 'config.json');
  const qwen25 = read('Qwen2.5-0.5B-Instruct', 'qwen2');
  assert.deepEqual([qwen25.headDim, qwen25.numKeyValueHeads, qwen25.qkvBias, qwen25.outputBias, qwen25.tieWordEmbeddings], [64, 2, true, false, true]);
  // The model cards: 0.49B (Qwen2.5-0.5B-Instruct) and 0.6B (Qwen3-0.6B) parameters, tied heads counted once.
  assert.equal(decoderParameterCount(qwen25), 494_032_768);
  const qwen3 = read('Qwen3-0.6B', 'qwen3');
  assert.deepEqual([qwen3.headDim, qwen3.qkNorm, qwen3.qkvBias, qwen3.rope.scaling.type], [128, true, false, 'default']);
  assert.equal(decoderParameterCount(qwen3), 596_049_920);
  const smol = read('SmolLM2-360M-Instruct', 'llama');
  assert.deepEqual([smol.headDim, smol.numKeyValueHeads, smol.rmsNormEps, smol.rope.theta, smol.mlpBias], [64, 5, 1e-5, 100000, false]);
  assert.equal(decoderParameterCount(smol), 361_821_120);
});

test('defaults follow the transformers config classes: kv heads = heads, head_dim = hidden / heads (Qwen3: 128), untied', () => {
  const llama = parseDecoderConfig(base, 'llama', 'c.json');
  assert.deepEqual([llama.numKeyValueHeads, llama.headDim, llama.tieWordEmbeddings, llama.rmsNormEps, llama.rope.theta], [4, 16, false, 1e-6, 10000]);
  assert.equal(parseDecoderConfig(base, 'qwen3', 'c.json').headDim, 128);
  assert.equal(parseDecoderConfig({ ...base, attention_bias: true }, 'llama', 'c.json').outputBias, true);
  assert.equal(parseDecoderConfig({ ...base, attention_bias: true }, 'qwen2', 'c.json').outputBias, false);
  // transformers 5 writes rope_parameters instead of rope_theta / rope_scaling.
  assert.equal(parseDecoderConfig({ ...base, rope_parameters: { rope_type: 'default', rope_theta: 5e5 } }, 'llama', 'c.json').rope.theta, 5e5);
});

test('settings the graph does not implement are refused with what is supported', () => {
  const fails = (extra: Record<string, unknown>, message: RegExp): void => {
    assert.throws(() => parseDecoderConfig({ ...base, ...extra }, 'qwen2', 'c.json'), (err: unknown) => err instanceof ModelError && message.test(err.message));
  };
  fails({ rope_scaling: { rope_type: 'yarn', factor: 4 } }, /^c\.json: rope type "yarn" is not supported; supported: default, linear, llama3/);
  fails({ rope_scaling: { type: 'dynamic', factor: 2 } }, /rope type "dynamic" is not supported/);
  fails({ hidden_act: 'gelu' }, /'hidden_act' is "gelu"; supported: 'silu'/);
  fails({ use_sliding_window: true }, /sliding-window attention is not supported/);
  fails({ num_key_value_heads: 3 }, /must be a multiple of 'num_key_value_heads'/);
  fails({ partial_rotary_factor: 0.5 }, /partial_rotary_factor/);
  fails({ rope_scaling: { rope_type: 'llama3', factor: 8 } }, /rope_scaling 'low_freq_factor' must be a positive number/);
});

test('llama3 rope scaling divides low frequencies by the factor, keeps high ones and blends between', () => {
  const scaling = { type: 'llama3' as const, factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 };
  const plain = inverseFrequencies({ theta: 500000, scaling: { type: 'default' } }, 64);
  const scaled = inverseFrequencies({ theta: 500000, scaling }, 64);
  assert.equal(scaled[0], plain[0]);
  assert.ok(Math.abs((scaled[31] as number) - (plain[31] as number) / 8) < 1e-12);
  const blended = [...scaled].findIndex((v, i) => v !== plain[i] && Math.abs(v - (plain[i] as number) / 8) > 1e-12);
  assert.ok(blended > 0, 'some frequencies are blended');
});

test('eos_token_id may be an int or a list', () => {
  assert.deepEqual(tokenIds(151645, 'eos_token_id', 'g.json'), [151645]);
  assert.deepEqual(tokenIds([151645, 151643], 'eos_token_id', 'g.json'), [151645, 151643]);
  assert.deepEqual(tokenIds(null, 'eos_token_id', 'g.json'), []);
  assert.throws(() => tokenIds('x', 'eos_token_id', 'g.json'), /'eos_token_id' must be a token id or a list/);
});
