/**
 * Input and output names of a causal-LM ONNX graph with a KV cache, in the layout of
 * transformers.js / optimum and onnxruntime-genai exports, so that graphs from either side run
 * in both. Shared by the graph builder and the inference engine (src/generate).
 */

export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
export const POSITION_IDS = 'position_ids';
/**
 * Optional scalar int64 input: logits are computed for the last N positions only, 0 meaning all
 * (transformers' `logits_to_keep` semantics; transformers.js feeds 1 during generation and 0 for
 * plain forward calls when a graph declares it).
 */
export const NUM_LOGITS_TO_KEEP = 'num_logits_to_keep';
export const LOGITS = 'logits';

export const pastKeyName = (layer: number): string => `past_key_values.${layer}.key`;
export const pastValueName = (layer: number): string => `past_key_values.${layer}.value`;
export const presentKeyName = (layer: number): string => `present.${layer}.key`;
export const presentValueName = (layer: number): string => `present.${layer}.value`;

/**
 * Symbolic dimension names. transformers.js builds the empty first-step cache from the past
 * inputs' declared shapes, resolving 'batch_size' and treating any other symbol as 0, so the
 * past length must be symbolic and the head dims numeric.
 */
export const DIM = {
  batch: 'batch_size',
  sequence: 'sequence_length',
  past: 'past_sequence_length',
  total: 'total_sequence_length',
  logits: 'num_logits',
} as const;
