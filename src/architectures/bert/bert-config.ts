/**
 * The subset of a Hugging Face BERT config.json that decides the shape and arithmetic of the
 * encoder graph. Everything else in config.json (dropout, initializer range...) has no effect
 * on inference and is ignored.
 */
import { ModelError } from '../../errors.js';

/** Activations the graph builder implements; 'gelu' is the exact erf form used by BertModel. */
export const SUPPORTED_HIDDEN_ACTS = ['gelu'] as const;
export type HiddenAct = (typeof SUPPORTED_HIDDEN_ACTS)[number];

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenAct: HiddenAct;
  padTokenId: number;
}

/**
 * Validates a parsed config.json. `file` is only used in error messages.
 *
 * @example
 * const config = parseBertConfig(JSON.parse(readFileSync(path, 'utf8')), path);
 */
export function parseBertConfig(json: unknown, file: string): BertConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelError('config must be a JSON object', file);
  }
  const raw = json as Record<string, unknown>;
  const int = (field: string, min: number, fallback?: number): number => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new ModelError(`field '${field}' must be an integer >= ${min}, got ${JSON.stringify(raw[field])}`, file);
    }
    return value;
  };
  const config: BertConfig = {
    vocabSize: int('vocab_size', 1),
    hiddenSize: int('hidden_size', 1),
    numHiddenLayers: int('num_hidden_layers', 1),
    numAttentionHeads: int('num_attention_heads', 1),
    intermediateSize: int('intermediate_size', 1),
    maxPositionEmbeddings: int('max_position_embeddings', 1),
    typeVocabSize: int('type_vocab_size', 1),
    layerNormEps: parseEps(raw['layer_norm_eps'], file),
    hiddenAct: parseHiddenAct(raw['hidden_act'], file),
    padTokenId: int('pad_token_id', 0, 0),
  };
  if (config.hiddenSize % config.numAttentionHeads !== 0) {
    throw new ModelError(
      `field 'hidden_size' (${config.hiddenSize}) must be divisible by 'num_attention_heads' (${config.numAttentionHeads})`,
      file,
    );
  }
  const positionType = raw['position_embedding_type'];
  if (positionType !== undefined && positionType !== 'absolute') {
    // relative_key(_query) adds learned distance embeddings to the scores; the graph has none.
    throw new ModelError(`field 'position_embedding_type' is ${JSON.stringify(positionType)}; supported: 'absolute'`, file);
  }
  if (config.padTokenId >= config.vocabSize) {
    throw new ModelError(`field 'pad_token_id' (${config.padTokenId}) must be below 'vocab_size' (${config.vocabSize})`, file);
  }
  return config;
}

/**
 * Validates a RoBERTa / XLM-R config.json (model_type 'roberta', 'xlm-roberta'): BERT's fields,
 * with RobertaConfig's pad_token_id default 1. The pad id is also the padding_idx of the
 * position ids (see robertaEmbeddingOptions in bert-graph.ts).
 *
 * @example
 * const config = parseRobertaConfig(JSON.parse(readFileSync(path, 'utf8')), path);
 */
export function parseRobertaConfig(json: unknown, file: string): BertConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelError('config must be a JSON object', file);
  }
  return parseBertConfig({ pad_token_id: 1, ...json }, file);
}

function parseEps(value: unknown, file: string): number {
  // BertConfig's own default, used by checkpoints that omit the field.
  if (value === undefined) return 1e-12;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ModelError(`field 'layer_norm_eps' must be a positive number, got ${JSON.stringify(value)}`, file);
  }
  return value;
}

function parseHiddenAct(value: unknown, file: string): HiddenAct {
  // BertConfig's default activation, used by checkpoints that omit the field.
  if (value === undefined) return 'gelu';
  const supported: readonly unknown[] = SUPPORTED_HIDDEN_ACTS;
  if (!supported.includes(value)) {
    throw new ModelError(
      `field 'hidden_act' is ${JSON.stringify(value)}; supported: ${SUPPORTED_HIDDEN_ACTS.map((a) => `'${a}'`).join(', ')}`,
      file,
    );
  }
  return value as HiddenAct;
}
