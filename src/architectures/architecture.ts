/**
 * What a converter needs to know about one model architecture: how to recognise its
 * checkpoints and how to build its ONNX graph. The registry (registry.ts) picks one entry per
 * checkpoint; adding an architecture means adding one entry.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { WeightStore } from '../onnx/weights.js';

export interface ArchitectureInput {
  /** config.json, parsed. */
  config: Record<string, unknown>;
  /** Path of config.json, for error messages. */
  configFile: string;
  /** Every floating-point checkpoint tensor, under its checkpoint name. */
  weights: WeightStore;
  /** The prefix found on the encoder tensors: '' for bare checkpoints, e.g. 'bert.' otherwise. */
  prefix: string;
  /** Emit onnxruntime's fused contrib operators instead of standard ONNX ops (opt-in). */
  fused: boolean;
}

export interface BuiltGraph {
  graph: GraphBuilder;
  /** Names of the graph outputs, in order. */
  outputs: readonly string[];
  /** Hidden size of the encoder (the native embedding width). */
  hiddenSize: number;
  /** Extra fields for resumator.json, e.g. a classifier's labels. */
  manifest?: Record<string, unknown>;
}

export interface Architecture {
  /** The name users see in messages and resumator.json, e.g. 'BertModel'. */
  readonly name: string;
  /** config.json `model_type` values this entry converts. */
  readonly modelTypes: readonly string[];
  /**
   * config.json `architectures` values this entry converts. Pretraining classes whose head is
   * dropped belong here too: all-mpnet-base-v2 declares MPNetForMaskedLM for a bare MPNetModel.
   */
  readonly configArchitectures: readonly string[];
  /** Prefixes the encoder tensors may carry, tried in order ('' first for bare checkpoints). */
  readonly prefixes: readonly string[];
  /** An encoder tensor every checkpoint has (unprefixed): where it is found decides the prefix. */
  readonly anchorTensor: string;
  /** Head tensors (full names) that must be present, e.g. 'classifier.weight'. */
  readonly headTensors?: readonly string[];
  /**
   * Tensor-name prefixes never loaded (default: the pretraining heads `cls.` and `lm_head.`,
   * which encoders drop); causal LMs keep `lm_head.` and give [].
   */
  readonly droppedTensorPrefixes?: readonly string[];
  /** Builds the graph; throws ModelError on a config or tensor that does not fit. */
  build(input: ArchitectureInput): BuiltGraph;
}

/**
 * A view of `weights` with `prefix` removed from the names that carry it (no data is copied),
 * for graph builders that expect bare names. Names without the prefix (heads) are kept as they are.
 */
export function stripPrefix(weights: WeightStore, prefix: string): WeightStore {
  if (prefix === '') return weights;
  const out: WeightStore = new Map();
  for (const [name, tensor] of weights) out.set(name.startsWith(prefix) ? name.slice(prefix.length) : name, tensor);
  return out;
}
