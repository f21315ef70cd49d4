/**
 * The subset of a Hugging Face Qwen2 / Qwen3 / Llama config.json that decides the decoder graph,
 * with the defaults of transformers' Qwen2Config, Qwen3Config and LlamaConfig for absent fields.
 * Fields that only matter for training (dropout, initializer_range) are ignored; fields that
 * would change the arithmetic in a way the graph does not implement are refused by name.
 */
import { ModelError } from '../../errors.js';
import { parseRope, type RopeSettings } from './rope-config.js';

/** The modeling files the graph follows: qwen2 (q/k/v bias), qwen3 (q_norm/k_norm), llama. */
export type DecoderFamily = 'qwen2' | 'qwen3' | 'llama';

export interface DecoderConfig {
  family: DecoderFamily;
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  intermediateSize: number;
  rmsNormEps: number;
  maxPositionEmbeddings: number;
  tieWordEmbeddings: boolean;
  /** q/k/v projections carry a bias (always for Qwen2; `attention_bias` for Qwen3 and Llama). */
  qkvBias: boolean;
  /** o_proj carries a bias (`attention_bias` for Qwen3 and Llama; never for Qwen2). */
  outputBias: boolean;
  /** gate/up/down projections carry a bias (Llama `mlp_bias`). */
  mlpBias: boolean;
  /** Qwen3: RMSNorm over head_dim on every query and key head, before the rotation. */
  qkNorm: boolean;
  rope: RopeSettings;
  bosTokenId: number | undefined;
  eosTokenIds: number[];
  padTokenId: number | undefined;
}

/** The transformers defaults that differ between the three config classes. */
const DEFAULTS: Record<DecoderFamily, { maxPositions: number; headDim?: number }> = {
  qwen2: { maxPositions: 32768 },
  qwen3: { maxPositions: 32768, headDim: 128 },
  llama: { maxPositions: 2048 },
};

/**
 * Validates a parsed config.json of the given family. `file` is named in errors.
 *
 * @example
 * const config = parseDecoderConfig(JSON.parse(readFileSync(file, 'utf8')), 'qwen2', file);
 * config.numKeyValueHeads; // 2 for Qwen2.5-0.5B-Instruct
 */
export function parseDecoderConfig(json: unknown, family: DecoderFamily, file: string): DecoderConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelError('config must be a JSON object', file);
  const raw = json as Record<string, unknown>;
  const int = (field: string, fallback?: number): number => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ModelError(`field '${field}' must be a positive integer, got ${JSON.stringify(raw[field])}`, file);
    }
    return value;
  };
  const flag = (field: string, fallback: boolean): boolean => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'boolean') throw new ModelError(`field '${field}' must be true or false, got ${JSON.stringify(value)}`, file);
    return value;
  };
  const hiddenSize = int('hidden_size');
  const numAttentionHeads = int('num_attention_heads');
  const defaultHeadDim = DEFAULTS[family].headDim ?? Math.floor(hiddenSize / numAttentionHeads);
  const numKeyValueHeads = int('num_key_value_heads', numAttentionHeads);
  const headDim = raw['head_dim'] === null ? defaultHeadDim : int('head_dim', defaultHeadDim);
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    throw new ModelError(`field 'num_attention_heads' (${numAttentionHeads}) must be a multiple of 'num_key_value_heads' (${numKeyValueHeads})`, file);
  }
  if (headDim % 2 !== 0) throw new ModelError(`head_dim ${headDim} must be even for rotary embeddings`, file);
  checkUnsupported(raw, family, file);
  const attentionBias = flag('attention_bias', false);
  const config: DecoderConfig = {
    family,
    vocabSize: int('vocab_size'),
    hiddenSize,
    numHiddenLayers: int('num_hidden_layers'),
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    intermediateSize: int('intermediate_size'),
    rmsNormEps: parseEps(raw['rms_norm_eps'], file),
    maxPositionEmbeddings: int('max_position_embeddings', DEFAULTS[family].maxPositions),
    tieWordEmbeddings: flag('tie_word_embeddings', false),
    qkvBias: family === 'qwen2' ? true : attentionBias,
    outputBias: family === 'qwen2' ? false : attentionBias,
    mlpBias: family === 'llama' ? flag('mlp_bias', false) : false,
    qkNorm: family === 'qwen3',
    rope: parseRope(raw, file),
    bosTokenId: optionalTokenId(raw, 'bos_token_id', file),
    eosTokenIds: tokenIds(raw['eos_token_id'], 'eos_token_id', file),
    padTokenId: optionalTokenId(raw, 'pad_token_id', file),
  };
  return config;
}

/** Settings whose arithmetic the graph does not implement: refused rather than silently ignored. */
function checkUnsupported(raw: Record<string, unknown>, family: DecoderFamily, file: string): void {
  const act = raw['hidden_act'] ?? 'silu';
  if (act !== 'silu') throw new ModelError(`field 'hidden_act' is ${JSON.stringify(act)}; supported: 'silu'`, file);
  if (family !== 'llama' && raw['use_sliding_window'] === true) {
    throw new ModelError("field 'use_sliding_window' is true; sliding-window attention is not supported (supported: use_sliding_window false)", file);
  }
  const layerTypes = raw['layer_types'];
  if (Array.isArray(layerTypes) && layerTypes.some((t) => t !== 'full_attention')) {
    throw new ModelError(`field 'layer_types' lists ${JSON.stringify([...new Set(layerTypes)])}; supported: 'full_attention' only`, file);
  }
  const partial = raw['partial_rotary_factor'];
  if (partial !== undefined && partial !== 1 && partial !== 1.0) {
    throw new ModelError(`field 'partial_rotary_factor' is ${JSON.stringify(partial)}; supported: 1 (rotary over the whole head)`, file);
  }
}

function parseEps(value: unknown, file: string): number {
  if (value === undefined) return 1e-6;
  if (typeof value !== 'number' || !(value > 0) || value >= 1) {
    throw new ModelError(`field 'rms_norm_eps' must be a number in (0, 1), got ${JSON.stringify(value)}`, file);
  }
  return value;
}

function optionalTokenId(raw: Record<string, unknown>, field: string, file: string): number | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  const [id] = tokenIds(value, field, file);
  return id;
}

/**
 * A token id field that transformers allows to be an int or a list of ints (eos_token_id in
 * config.json and generation_config.json), as a list; absent or null gives [].
 *
 * @example tokenIds([151645, 151643], 'eos_token_id', 'generation_config.json') // [151645, 151643]
 */
export function tokenIds(value: unknown, field: string, file: string): number[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
    throw new ModelError(`field '${field}' must be a token id or a list of token ids, got ${JSON.stringify(value)}`, file);
  }
  return list as number[];
}
