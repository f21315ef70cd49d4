/**
 * Tiny causal-LM checkpoints in the exact Hugging Face layout (config.json with transformers'
 * field names, generation_config.json, upstream tensor names in safetensors, the tiny byte-level
 * BPE tokenizer with a ChatML chat template) for Qwen2, Qwen3 and Llama:
 * - qwen2: q/k/v bias, tied head, bf16 weights (as the real Qwen2.5 checkpoints);
 * - qwen3: q_norm/k_norm, head_dim 16 != hidden/heads (8), tied head, f32 weights;
 * - llama: untied lm_head, 3 query heads per KV head, llama3 rope scaling, f16 weights.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDecoderConfig, type DecoderConfig, type DecoderFamily } from '../../src/architectures/decoder/config.js';
import { randomDecoderWeights } from './fixtures/decoder-random-weights.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { toWriterTensors, writeWeights } from './hf-checkpoint.js';
import type { WriterDtype } from './safetensors-writer.js';
import { tinyBpeTokenizer, tinyTokenizerConfig } from './tiny-bpe-tokenizer.js';

export const DECODER_FAMILIES: readonly DecoderFamily[] = ['qwen2', 'qwen3', 'llama'];

export interface TinyDecoderOptions {
  dtype?: Exclude<WriterDtype, 'I64'>;
  shards?: number;
  seed?: number;
  /** Weight spread; large enough that attention is peaked and details show in the logits. */
  std?: number;
  /** Extra or replaced config.json fields. */
  config?: Record<string, unknown>;
}

export interface TinyDecoder {
  dir: string;
  configJson: Record<string, unknown>;
  config: DecoderConfig;
  /** The weights as stored (after bf16/f16 rounding): what a reference must use. */
  weights: WeightStore;
  specialIds: Record<'<|endoftext|>' | '<|im_start|>' | '<|im_end|>', number>;
}

const DEFAULT_DTYPE: Record<DecoderFamily, Exclude<WriterDtype, 'I64'>> = { qwen2: 'BF16', qwen3: 'F32', llama: 'F16' };

/** config.json of the tiny model of `family`, as transformers would write it. */
export function tinyDecoderConfigJson(family: DecoderFamily, specialIds: TinyDecoder['specialIds']): Record<string, unknown> {
  const common = {
    attention_dropout: 0.0,
    bos_token_id: family === 'llama' ? specialIds['<|im_start|>'] : specialIds['<|endoftext|>'],
    eos_token_id: specialIds['<|im_end|>'],
    hidden_act: 'silu',
    initializer_range: 0.02,
    max_position_embeddings: 256,
    model_type: family,
    num_hidden_layers: 2,
    num_key_value_heads: 2,
    torch_dtype: family === 'qwen3' ? 'float32' : family === 'qwen2' ? 'bfloat16' : 'float16',
    transformers_version: '4.51.3',
    use_cache: true,
    vocab_size: 352,
  };
  if (family === 'qwen2') {
    return { architectures: ['Qwen2ForCausalLM'], ...common, hidden_size: 32, intermediate_size: 64, max_window_layers: 2, num_attention_heads: 4, rms_norm_eps: 1e-6, rope_scaling: null, rope_theta: 1000000.0, sliding_window: 256, tie_word_embeddings: true, use_sliding_window: false };
  }
  if (family === 'qwen3') {
    return { architectures: ['Qwen3ForCausalLM'], ...common, attention_bias: false, head_dim: 16, hidden_size: 32, intermediate_size: 64, max_window_layers: 2, num_attention_heads: 4, rms_norm_eps: 1e-6, rope_scaling: null, rope_theta: 1000000, sliding_window: null, tie_word_embeddings: true, use_sliding_window: false };
  }
  return {
    architectures: ['LlamaForCausalLM'],
    ...common,
    attention_bias: false,
    hidden_size: 48,
    intermediate_size: 96,
    mlp_bias: false,
    num_attention_heads: 6,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: { factor: 8.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 64, rope_type: 'llama3' },
    rope_theta: 100000,
    tie_word_embeddings: false,
  };
}

/**
 * Writes the tiny checkpoint of `family` into `dir` (created).
 *
 * @example const { dir, weights } = await writeTinyDecoder(path.join(tmp, 'qwen3'), 'qwen3');
 */
export async function writeTinyDecoder(dir: string, family: DecoderFamily, options: TinyDecoderOptions = {}): Promise<TinyDecoder> {
  const { json: tokenizer, specialIds } = tinyBpeTokenizer();
  const configJson = { ...tinyDecoderConfigJson(family, specialIds), ...options.config };
  const config = parseDecoderConfig(configJson, family, 'config.json');
  const source = randomDecoderWeights(config, options.seed ?? 17, { std: options.std ?? 0.35 });
  const { tensors, stored } = toWriterTensors(source, options.dtype ?? DEFAULT_DTYPE[family]);
  await mkdir(dir, { recursive: true });
  await writeWeights(dir, tensors, options.shards ?? 1);
  const generation = {
    bos_token_id: configJson['bos_token_id'],
    do_sample: false,
    eos_token_id: [specialIds['<|im_end|>'], specialIds['<|endoftext|>']],
    pad_token_id: specialIds['<|endoftext|>'],
    transformers_version: '4.51.3',
  };
  const files: Array<[string, unknown]> = [
    ['config.json', configJson],
    ['generation_config.json', generation],
    ['tokenizer.json', tokenizer],
    ['tokenizer_config.json', tinyTokenizerConfig(specialIds)],
    ['special_tokens_map.json', { eos_token: '<|im_end|>', pad_token: '<|endoftext|>', additional_special_tokens: ['<|im_start|>', '<|im_end|>'] }],
  ];
  for (const [name, value] of files) await writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  return { dir, configJson, config, weights: stored, specialIds };
}
