/**
 * A MatMul with a constant float32 B [K, N] becomes one com.microsoft MatMulNBits node with
 * 4-bit block-quantized weights (int4-blocks.ts has the layout): weight-only quantization, the
 * activations stay float32 unless accuracy_level 4 lets onnxruntime quantize them to int8 per
 * block inside the kernel. A bias Add that only reads the product is folded into the node.
 */
import type { IAttributeProto, INodeProto, ITensorProto } from '../onnx/proto.js';
import { INT4_BLOCK_SIZE, quantizeInt4Blocks } from './int4-blocks.js';
import { MICROSOFT_DOMAIN } from './matmul-rewrite.js';
import { float32Tensor, readFloat32, tensorDims, uint8Tensor } from './onnx-tensors.js';
import { intAttribute, type RewriteState } from './rewrite-state.js';

/**
 * MatMulNBits' accuracy_level: 0 computes with float32 activations (weights dequantized in the
 * kernel); 4 quantizes each block of the activations to int8 and uses the int8 dot-product
 * kernels (VNNI/AMX where the CPU has them).
 */
export type AccuracyLevel = 0 | 4;
export const ACCURACY_LEVELS: readonly AccuracyLevel[] = [0, 4];

/** The initializers of one packed weight, by name. */
export interface PackedWeight {
  /** uint8 [N, blocks, blockSize / 2]. */
  packed: string;
  /** float32 [N * blocks]. */
  scales: string;
  /** uint8 [N, ceil(blocks / 2)]. */
  zeroPoints: string;
  k: number;
  n: number;
  blocks: number;
}

/** Rewrites the MatMuls of one graph into MatMulNBits; a weight read by several MatMuls is packed once. */
export class MatMulNBitsRewriter {
  private readonly weights = new Map<string, PackedWeight>();

  constructor(
    private readonly state: RewriteState,
    private readonly accuracyLevel: AccuracyLevel,
  ) {}

  /** Replacement nodes for a quantizable MatMul, else undefined (the node stays as it is). */
  rewrite(node: INodeProto): INodeProto[] | undefined {
    const matmul = this.state.constantWeightMatMul(node);
    if (matmul === undefined) return undefined;
    const { a, y, weight: tensor } = matmul;
    const w = this.packedWeight(tensor);
    this.state.matmuls += 1;
    const bias = this.state.foldableBias(y, w.n);
    if (bias !== undefined) this.state.removed.add(bias.add);
    // Inputs: A, B, scales, zero_points, g_idx (deprecated, omitted), bias.
    const input = [a, w.packed, w.scales, w.zeroPoints, ...(bias === undefined ? [] : ['', bias.name])];
    const attribute: IAttributeProto[] = [intAttribute('K', w.k), intAttribute('N', w.n), intAttribute('bits', 4), intAttribute('block_size', INT4_BLOCK_SIZE)];
    // Left out when 0, as onnxruntime's quantizer does: 0 is the default.
    if (this.accuracyLevel !== 0) attribute.push(intAttribute('accuracy_level', this.accuracyLevel));
    const output = bias === undefined ? y : (bias.add.output?.[0] as string);
    return [{ opType: 'MatMulNBits', name: `${node.name || y}_int4`, domain: MICROSOFT_DOMAIN, input, output: [output], attribute }];
  }

  /** The packed form of a MatMul weight B [K, N] (made once; an embedding table may share it). */
  packedWeight(tensor: ITensorProto): PackedWeight {
    const name = tensor.name ?? '';
    const cached = this.weights.get(name);
    if (cached !== undefined) return cached;
    const [k, n] = tensorDims(tensor) as [number, number];
    // Asymmetric (onnxruntime's default): a block's codes span its own [min, max], not ±max|w|.
    const q = quantizeInt4Blocks(readFloat32(tensor, this.state.file), k, n, { blockSize: INT4_BLOCK_SIZE });
    const { state } = this;
    const entry: PackedWeight = { packed: state.fresh(`${name}_int4`), scales: state.fresh(`${name}_scale`), zeroPoints: state.fresh(`${name}_zero_point`), k, n, blocks: q.blocks };
    state.added.push(
      uint8Tensor(entry.packed, q.packed, [n, q.blocks, INT4_BLOCK_SIZE / 2]),
      float32Tensor(entry.scales, q.scales, [n * q.blocks]),
      uint8Tensor(entry.zeroPoints, q.zeroPoints as Uint8Array, [n, Math.ceil(q.blocks / 2)]),
    );
    state.quantParams.add(entry.scales).add(entry.zeroPoints);
    state.replaced.add(name);
    state.int4Parameters += k * n;
    this.weights.set(name, entry);
    return entry;
  }
}
