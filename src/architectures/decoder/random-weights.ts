/**
 * Deterministic random weights for decoder checkpoints of any shape: tiny test models and
 * real-shape benchmark models. Each tensor draws from its own stream seeded by (seed, name), so
 * changing one shape leaves every other tensor's values unchanged.
 */
import { fillNormal } from '../../onnx/random-weights.js';
import type { WeightStore } from '../../onnx/weights.js';
import type { DecoderConfig } from './config.js';
import { decoderTensorShapes } from './tensors.js';

export interface RandomDecoderOptions {
  /**
   * Standard deviation of matrices, embeddings and biases (default 0.02, transformers'
   * initializer_range). Tests use larger values so attention is peaked and a wrong rotation or a
   * skipped norm moves the logits far beyond float32 noise.
   */
  std?: number;
  /** Spread of the RMSNorm weights around 1 (default 0.1). */
  normStd?: number;
}

/**
 * Random weights for every tensor of {@link decoderTensorShapes}: RMSNorm weights 1 + noise,
 * everything else normal(0, std).
 *
 * @example
 * const weights = randomDecoderWeights(config, 7, { std: 0.3 });
 */
export function randomDecoderWeights(config: DecoderConfig, seed: number, options: RandomDecoderOptions = {}): WeightStore {
  const std = options.std ?? 0.02;
  const normStd = options.normStd ?? 0.1;
  const store: WeightStore = new Map();
  for (const [name, dims] of decoderTensorShapes(config)) {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const isNorm = name.endsWith('norm.weight') || name.endsWith('layernorm.weight');
    fillNormal(data, streamSeed(seed, name), isNorm ? 1 : 0, isNorm ? normStd : std);
    store.set(name, { dims, data });
  }
  return store;
}

/** FNV-1a of the name mixed with the seed. */
function streamSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
