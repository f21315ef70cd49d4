/**
 * Deterministic random BERT weights for tests, fixtures and benchmarks. Each tensor draws from
 * its own stream seeded by (seed, tensor name), so adding a layer or changing one shape leaves
 * every other tensor's values unchanged.
 */
import type { BertConfig } from './bert-config.js';
import { mpnetTensorShapes } from './mpnet-config.js';
import type { MpnetConfig } from './mpnet-config.js';
import { bertTensorShapes } from './weights.js';
import type { WeightStore } from './weights.js';

/** Standard deviation of matrices and embeddings, as BERT's own initializer_range. */
const WEIGHT_STD = 0.02;

/**
 * mulberry32: a 32-bit PRNG, small and fast, good enough for test weights.
 * Returns uniforms in (0, 1), never exactly 0 or 1.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * Fills `out` with normal(mean, std) samples by Marsaglia's polar method, using both outputs of
 * each accepted pair. It needs no sin/cos, which makes it about twice as fast as Box-Muller.
 */
export function fillNormal(out: Float32Array, seed: number, mean: number, std: number): Float32Array {
  const uniform = mulberry32(seed);
  for (let i = 0; i < out.length; i += 2) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s) * std;
    out[i] = mean + u * factor;
    if (i + 1 < out.length) out[i + 1] = mean + v * factor;
  }
  return out;
}

/** FNV-1a over the name, mixed with the seed: a stable per-tensor stream seed. */
function tensorSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * Random weights for every BertModel tensor. LayerNorm weights are 1 + noise and all biases are
 * non-zero so that a graph ignoring a bias or a LayerNorm parameter disagrees with a reference.
 *
 * @example
 * const weights = randomBertWeights(config, 42);
 */
export function randomBertWeights(config: BertConfig, seed: number): WeightStore {
  return randomStore(bertTensorShapes(config), seed);
}

/**
 * Random weights for every MPNetModel tensor, as randomBertWeights. The relative attention bias
 * has a spread of 0.5, the order of trained models' biases, so that a wrong bucket changes the
 * hidden states visibly.
 *
 * @example
 * const weights = randomMpnetWeights(config, 42);
 */
export function randomMpnetWeights(config: MpnetConfig, seed: number): WeightStore {
  return randomStore(mpnetTensorShapes(config), seed, (name) => (name === 'encoder.relative_attention_bias.weight' ? 0.5 : WEIGHT_STD));
}

function randomStore(shapes: Array<[string, number[]]>, seed: number, stdOf: (name: string) => number = () => WEIGHT_STD): WeightStore {
  const store: WeightStore = new Map();
  for (const [name, dims] of shapes) {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const mean = name.endsWith('LayerNorm.weight') ? 1 : 0;
    fillNormal(data, tensorSeed(seed, name), mean, stdOf(name));
    store.set(name, { dims, data });
  }
  return store;
}

/**
 * Random weights of a BertForSequenceClassification checkpoint: the encoder tensors under
 * `bert.` plus `classifier.weight` [numLabels, hidden] and `classifier.bias`, as Hugging Face
 * names them.
 *
 * @example
 * const weights = randomBertClassifierWeights(config, 3, 42);
 */
export function randomBertClassifierWeights(config: BertConfig, numLabels: number, seed: number): WeightStore {
  const store: WeightStore = new Map();
  for (const [name, tensor] of randomBertWeights(config, seed)) store.set(`bert.${name}`, tensor);
  const classifier: Array<[string, number[]]> = [
    ['classifier.weight', [numLabels, config.hiddenSize]],
    ['classifier.bias', [numLabels]],
  ];
  for (const [name, dims] of classifier) {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    // A larger spread than the encoder's so the logits of different labels differ visibly.
    fillNormal(data, tensorSeed(seed, name), 0, 0.5);
    store.set(name, { dims, data });
  }
  return store;
}
