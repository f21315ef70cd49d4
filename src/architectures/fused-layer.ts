/**
 * A post-LN transformer encoder layer from onnxruntime's fused contrib operators (domain
 * com.microsoft): Attention (packed QKV projection, masked softmax and context in one kernel),
 * SkipLayerNormalization (bias + residual add + LayerNorm in one pass) and BiasGelu (bias + exact
 * erf GELU). onnxruntime does not find these fusions by itself on the standard-op graph (the
 * profile of the standard graph spends ~22% of its time in Add, Transpose and Softmax), so the
 * builder emits them directly. Same maths as the standard-op layer in bert-graph.ts; checked
 * against the same float64 reference.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { DataType } from '../onnx/proto.js';
import { requireTensor, type WeightStore } from '../onnx/weights.js';

const MS = { domain: 'com.microsoft' };

/** What a fused layer needs to know; tensor names follow Hugging Face's BERT layout. */
export interface FusedLayerSpec {
  g: GraphBuilder;
  weights: WeightStore;
  /** Tensor-name prefix, e.g. 'bert.'. */
  prefix: string;
  hiddenSize: number;
  intermediateSize: number;
  numHeads: number;
  layerNormEps: number;
}

/** Names of one layer's tensors relative to its `encoder.layer.N.` prefix. */
export interface LayerTensorNames {
  query: string;
  key: string;
  value: string;
  attentionOut: string;
  attentionNorm: string;
  intermediate: string;
  output: string;
  outputNorm: string;
}

export const BERT_LAYER_TENSORS: LayerTensorNames = {
  query: 'attention.self.query',
  key: 'attention.self.key',
  value: 'attention.self.value',
  attentionOut: 'attention.output.dense',
  attentionNorm: 'attention.output.LayerNorm',
  intermediate: 'intermediate.dense',
  output: 'output.dense',
  outputNorm: 'output.LayerNorm',
};

/** The attention mask as Attention's raw int32 [batch, sequence] mask_index; computed once. */
export function fusedMaskIndex(g: GraphBuilder, attentionMask = 'attention_mask'): string {
  return g.op('Cast', [attentionMask], { to: { int: DataType.INT32 } });
}

/**
 * Adds one encoder layer; returns its output name. `attentionBias` ([1 or batch, heads, seq,
 * seq]) is added to every head's scores (MPNet's relative position bias).
 */
export function addFusedEncoderLayer(
  spec: FusedLayerSpec,
  x: string,
  maskIndex: string,
  layer: string,
  names: LayerTensorNames = BERT_LAYER_TENSORS,
  options: { outputName?: string; attentionBias?: string } = {},
): string {
  const { g, hiddenSize: h } = spec;
  const t = (name: string): string => `${spec.prefix}${layer}.${name}`;
  const qkvWeight = new Float32Array(h * 3 * h);
  const qkvBias = new Float32Array(3 * h);
  [names.query, names.key, names.value].forEach((proj, p) => {
    const w = requireTensor(spec.weights, `${t(proj)}.weight`, [h, h]).data;
    const b = requireTensor(spec.weights, `${t(proj)}.bias`, [h]).data;
    // Attention wants [in, 3 * out]: Q, K and V side by side, each transposed from PyTorch's [out, in].
    for (let o = 0; o < h; o++) {
      for (let i = 0; i < h; i++) qkvWeight[i * 3 * h + p * h + o] = w[o * h + i] as number;
    }
    qkvBias.set(b, p * h);
  });
  const attentionInputs = [x, g.addFloat32(`${t('attention.qkv')}.weight`, qkvWeight, [h, 3 * h]), g.addFloat32(`${t('attention.qkv')}.bias`, qkvBias, [3 * h]), maskIndex];
  if (options.attentionBias !== undefined) attentionInputs.push('', options.attentionBias);
  const attended = g.op('Attention', attentionInputs, { num_heads: { int: spec.numHeads } }, MS);
  const afterAttention = skipLayerNorm(spec, g.op('MatMul', [attended, transposed(spec, t(names.attentionOut), h, h)]), x, t(names.attentionOut), t(names.attentionNorm));
  const inner = g.op('MatMul', [afterAttention, transposed(spec, t(names.intermediate), h, spec.intermediateSize)]);
  const activated = g.op('BiasGelu', [inner, bias(spec, t(names.intermediate), spec.intermediateSize)], {}, MS);
  const out = g.op('MatMul', [activated, transposed(spec, t(names.output), spec.intermediateSize, h)]);
  return skipLayerNorm(spec, out, afterAttention, t(names.output), t(names.outputNorm), options.outputName);
}

/** LayerNorm(input + bias + skip) in one kernel. */
function skipLayerNorm(spec: FusedLayerSpec, input: string, skip: string, dense: string, norm: string, outputName?: string): string {
  const h = spec.hiddenSize;
  const gamma = spec.g.addFloat32(`${norm}.weight`, requireTensor(spec.weights, `${norm}.weight`, [h]).data, [h]);
  const beta = spec.g.addFloat32(`${norm}.bias`, requireTensor(spec.weights, `${norm}.bias`, [h]).data, [h]);
  const inputs = [input, skip, gamma, beta, bias(spec, dense, h)];
  const attrs = { epsilon: { float: spec.layerNormEps } };
  return spec.g.op('SkipLayerNormalization', inputs, attrs, outputName === undefined ? MS : { ...MS, outputs: [outputName] });
}

/** A Linear weight stored [out, in] by PyTorch, as the [in, out] initializer MatMul needs. */
function transposed(spec: FusedLayerSpec, name: string, inFeatures: number, outFeatures: number): string {
  const w = requireTensor(spec.weights, `${name}.weight`, [outFeatures, inFeatures]).data;
  const wT = new Float32Array(inFeatures * outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) wT[i * outFeatures + o] = w[o * inFeatures + i] as number;
  }
  return spec.g.addFloat32(`${name}.weight_t`, wT, [inFeatures, outFeatures]);
}

function bias(spec: FusedLayerSpec, name: string, size: number): string {
  return spec.g.addFloat32(`${name}.bias`, requireTensor(spec.weights, `${name}.bias`, [size]).data, [size]);
}
