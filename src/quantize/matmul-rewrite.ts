/**
 * A MatMul with a constant float32 B [in, out] becomes an int8 MatMul: B is stored as int8 with
 * one saturation-safe scale per output column (int8-weights.ts says why), and A is quantized to
 * uint8 at run time by onnxruntime (scale and zero point from each call's min/max), which is
 * what makes it "dynamic" quantization.
 */
import type { INodeProto, ITensorProto } from '../onnx/proto.js';
import { quantizePerColumn } from './int8-weights.js';
import { float32Tensor, int8Tensor, readFloat32, tensorDims } from './onnx-tensors.js';
import { castToFloat, stdNode, type RewriteState } from './rewrite-state.js';

/**
 * How a quantized MatMul is written:
 * - 'contrib': one com.microsoft DynamicQuantizeMatMul node per MatMul, the bias Add folded in;
 * - 'standard': DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul, standard ONNX ops only
 *   (any ONNX runtime can run it; onnxruntime fuses it back at optimisation level 'all').
 */
export type QuantizeEncoding = 'contrib' | 'standard';
export const QUANTIZE_ENCODINGS: readonly QuantizeEncoding[] = ['contrib', 'standard'];

export const MICROSOFT_DOMAIN = 'com.microsoft';

interface QuantizedWeight {
  values: string;
  scale: string;
  zeroPoint: string;
  /** Output channels: B's second dim. */
  cols: number;
}

/** Rewrites the MatMuls of one graph; shares quantized weights and activations between them. */
export class MatMulRewriter {
  private readonly weights = new Map<string, QuantizedWeight>();
  private readonly activations = new Map<string, [string, string, string]>();

  constructor(
    private readonly state: RewriteState,
    private readonly encoding: QuantizeEncoding,
  ) {}

  /** Replacement nodes for a quantizable MatMul, else undefined (the node stays as it is). */
  rewrite(node: INodeProto): INodeProto[] | undefined {
    const matmul = this.state.constantWeightMatMul(node);
    if (matmul === undefined) return undefined;
    const { a, y, weight: tensor } = matmul;
    const q = this.quantizedWeight(tensor);
    this.state.matmuls += 1;
    const name = node.name || y;
    return this.encoding === 'contrib' ? this.contrib(name, a, q, y) : this.standard(name, a, q, y);
  }

  private contrib(name: string, a: string, q: QuantizedWeight, y: string): INodeProto[] {
    const bias = this.state.foldableBias(y, q.cols);
    if (bias !== undefined) this.state.removed.add(bias.add);
    // b_zero_point is left out (''): symmetric weights, zero points all 0 by default.
    const inputs = [a, q.values, q.scale, '', ...(bias === undefined ? [] : [bias.name])];
    const output = bias === undefined ? y : (bias.add.output?.[0] as string);
    return [{ opType: 'DynamicQuantizeMatMul', name: `${name}_quant`, domain: MICROSOFT_DOMAIN, input: inputs, output: [output], attribute: [] }];
  }

  private standard(name: string, a: string, q: QuantizedWeight, y: string): INodeProto[] {
    const nodes: INodeProto[] = [];
    let act = this.activations.get(a);
    if (act === undefined) {
      // One DynamicQuantizeLinear per activation, shared by the MatMuls reading it (Q, K, V),
      // placed before the first of them.
      act = [this.state.fresh(`${a}_quantized`), this.state.fresh(`${a}_scale`), this.state.fresh(`${a}_zero_point`)];
      this.activations.set(a, act);
      nodes.push(stdNode('DynamicQuantizeLinear', `${name}_dynamic_quantize`, [a], act));
    }
    const [aq, aScale, aZero] = act;
    const int32 = this.state.fresh(`${y}_int32`);
    const float = this.state.fresh(`${y}_int32_float`);
    const scale = this.state.fresh(`${y}_scale`);
    // Mul(a_scale, b_scale) then Mul(cast, scale): the pattern onnxruntime's
    // MatMulIntegerToFloat fusion looks for.
    nodes.push(
      stdNode('MatMulInteger', `${name}_quant`, [aq, q.values, aZero, q.zeroPoint], [int32]),
      castToFloat(`${name}_cast`, int32, float),
      stdNode('Mul', `${name}_scales`, [aScale, q.scale], [scale]),
      stdNode('Mul', `${name}_dequant`, [float, scale], [y]),
    );
    return nodes;
  }

  private quantizedWeight(tensor: ITensorProto): QuantizedWeight {
    const name = tensor.name ?? '';
    const cached = this.weights.get(name);
    if (cached !== undefined) return cached;
    const [rows, cols] = tensorDims(tensor) as [number, number];
    const q = quantizePerColumn(readFloat32(tensor, this.state.file), rows, cols);
    const { state } = this;
    const entry = { values: state.fresh(`${name}_quantized`), scale: state.fresh(`${name}_scale`), zeroPoint: state.fresh(`${name}_zero_point`), cols };
    state.added.push(int8Tensor(entry.values, q.values, [rows, cols]), float32Tensor(entry.scale, q.scales, [cols]));
    state.quantParams.add(entry.scale);
    // MatMulInteger takes explicit zero points; DynamicQuantizeMatMul defaults them to 0.
    if (this.encoding === 'standard') {
      state.added.push(int8Tensor(entry.zeroPoint, new Int8Array(cols), [cols]));
      state.quantParams.add(entry.zeroPoint);
    }
    state.replaced.add(name);
    this.weights.set(name, entry);
    return entry;
  }
}
