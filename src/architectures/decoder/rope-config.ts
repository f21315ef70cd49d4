/**
 * Rotary position embedding settings and their inverse frequencies, as transformers'
 * ROPE_INIT_FUNCTIONS compute them. Only the rope types listed in SUPPORTED_ROPE_TYPES change
 * nothing but the frequencies (attention scaling 1); any other type is refused by name.
 */
import { ModelError } from '../../errors.js';

/** 'default' covers `rope_scaling: null` (all three reference configs); llama3 and linear only rescale frequencies. */
export const SUPPORTED_ROPE_TYPES = ['default', 'linear', 'llama3'] as const;

export type RopeScaling =
  | { type: 'default' }
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositionEmbeddings: number };

export interface RopeSettings {
  theta: number;
  scaling: RopeScaling;
}

/**
 * Reads `rope_theta` + `rope_scaling` (transformers 4.x) or `rope_parameters` (5.x).
 *
 * @example parseRope({ rope_theta: 1e6, rope_scaling: null }, 'config.json') // { theta: 1e6, scaling: { type: 'default' } }
 */
export function parseRope(raw: Record<string, unknown>, file: string): RopeSettings {
  const params = raw['rope_parameters'];
  const scalingRaw = isObject(params) ? params : raw['rope_scaling'];
  const thetaRaw = (isObject(params) ? params['rope_theta'] : undefined) ?? raw['rope_theta'] ?? 10000;
  if (typeof thetaRaw !== 'number' || !(thetaRaw > 1)) throw new ModelError(`field 'rope_theta' must be a number > 1, got ${JSON.stringify(thetaRaw)}`, file);
  return { theta: thetaRaw, scaling: parseScaling(scalingRaw, file) };
}

function parseScaling(value: unknown, file: string): RopeScaling {
  if (value === undefined || value === null) return { type: 'default' };
  if (!isObject(value)) throw new ModelError(`field 'rope_scaling' must be an object or null, got ${JSON.stringify(value)}`, file);
  const type = value['rope_type'] ?? value['type'] ?? 'default';
  const num = (field: string): number => {
    const v = value[field];
    if (typeof v !== 'number' || !(v > 0)) throw new ModelError(`rope_scaling '${field}' must be a positive number, got ${JSON.stringify(v)}`, file);
    return v;
  };
  if (type === 'default') return { type: 'default' };
  if (type === 'linear') return { type: 'linear', factor: num('factor') };
  if (type === 'llama3') {
    return {
      type: 'llama3',
      factor: num('factor'),
      lowFreqFactor: num('low_freq_factor'),
      highFreqFactor: num('high_freq_factor'),
      originalMaxPositionEmbeddings: num('original_max_position_embeddings'),
    };
  }
  throw new ModelError(`rope type ${JSON.stringify(type)} is not supported; supported: ${SUPPORTED_ROPE_TYPES.join(', ')} (rope_scaling null is 'default')`, file);
}

/**
 * inv_freq[i] = 1 / theta^(2i / headDim), rescaled by the rope type, rounded to float32 step by
 * step as PyTorch computes it in float32 (so the graph's phases match upstream's bit for bit
 * wherever float32 arithmetic does).
 *
 * @example inverseFrequencies({ theta: 10000, scaling: { type: 'default' } }, 4) // [1, 0.01]
 */
export function inverseFrequencies(rope: RopeSettings, headDim: number): Float32Array {
  const f = Math.fround;
  const inv = Float32Array.from({ length: headDim / 2 }, (_, i) => f(1 / f(rope.theta ** f((2 * i) / headDim))));
  const s = rope.scaling;
  if (s.type === 'linear') return inv.map((v) => f(v / s.factor));
  if (s.type === 'llama3') {
    const lowWavelen = s.originalMaxPositionEmbeddings / s.lowFreqFactor;
    const highWavelen = s.originalMaxPositionEmbeddings / s.highFreqFactor;
    return inv.map((v) => {
      const wavelen = (2 * Math.PI) / v;
      if (wavelen > lowWavelen) return f(v / s.factor);
      if (wavelen < highWavelen) return v;
      const smooth = (s.originalMaxPositionEmbeddings / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
      return f((1 - smooth) * (v / s.factor) + smooth * v);
    });
  }
  return inv;
}

/**
 * cos and sin of position * inv_freq for positions 0..positions-1, [positions, headDim / 2]
 * row-major: the caches onnxruntime's RotaryEmbedding takes. The product is rounded to float32
 * first, as upstream multiplies in float32.
 */
export function rotaryCaches(rope: RopeSettings, headDim: number, positions: number): { cos: Float32Array; sin: Float32Array } {
  const inv = inverseFrequencies(rope, headDim);
  const half = headDim / 2;
  const cos = new Float32Array(positions * half);
  const sin = new Float32Array(positions * half);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      const phase = Math.fround(p * (inv[i] as number));
      cos[p * half + i] = Math.cos(phase);
      sin[p * half + i] = Math.sin(phase);
    }
  }
  return { cos, sin };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
