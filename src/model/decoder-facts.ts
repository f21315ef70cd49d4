/**
 * The facts `models info` shows for a causal LM, from resumator.json's `decoder` block when
 * `models convert` wrote one, else from config.json with transformers' defaults.
 */

export interface DecoderFacts {
  /** qwen2, qwen3, llama... (config.json model_type). */
  family: string | undefined;
  layers: number | undefined;
  heads: number | undefined;
  kvHeads: number | undefined;
  headDim: number | undefined;
  vocabSize: number | undefined;
  tiedHead: boolean;
  /** config.json max_position_embeddings. */
  contextLength: number | undefined;
}

/**
 * @example
 * decoderFacts({ num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, hidden_size: 896, tie_word_embeddings: true }, undefined);
 * // { layers: 24, heads: 14, kvHeads: 2, headDim: 64, tiedHead: true, ... }
 */
export function decoderFacts(config: Record<string, unknown>, manifestDecoder: unknown): DecoderFacts {
  const recorded = typeof manifestDecoder === 'object' && manifestDecoder !== null ? (manifestDecoder as Record<string, unknown>) : {};
  const int = (source: Record<string, unknown>, key: string): number | undefined => (typeof source[key] === 'number' && Number.isInteger(source[key]) ? (source[key] as number) : undefined);
  const pick = (key: string): number | undefined => int(recorded, key) ?? int(config, key);
  const heads = pick('num_attention_heads');
  const hidden = int(config, 'hidden_size');
  const family = typeof config['model_type'] === 'string' ? config['model_type'] : undefined;
  // Qwen3's config class defaults head_dim to 128, the others to hidden / heads.
  const headDim = pick('head_dim') ?? (family === 'qwen3' ? 128 : hidden !== undefined && heads !== undefined ? hidden / heads : undefined);
  const tied = recorded['tie_word_embeddings'] ?? config['tie_word_embeddings'];
  return {
    family,
    layers: pick('num_hidden_layers'),
    heads,
    kvHeads: pick('num_key_value_heads') ?? heads,
    headDim,
    vocabSize: pick('vocab_size'),
    tiedHead: tied === true,
    contextLength: int(config, 'max_position_embeddings'),
  };
}
