/**
 * What the quantizer knows about a graph while it rewrites it: initializers by name, who reads
 * each value, the names in use, and the tensors and nodes it has added or retired so far.
 */
import { AttributeType, DataType } from '../onnx/proto.js';
import type { IAttributeProto, IGraphProto, INodeProto, ITensorProto } from '../onnx/proto.js';
import { tensorDims } from './onnx-tensors.js';

/** A node input slot that reads a value. */
export interface Use {
  node: INodeProto;
  index: number;
}

/** Which node input slots a quantized tensor may feed; any other reader keeps it float32. */
export type Role = (use: Use) => boolean;

export class RewriteState {
  readonly added: ITensorProto[] = [];
  /** Float initializers superseded by int8 copies (dropped at the end). */
  readonly replaced = new Set<string>();
  /** Nodes folded into another (the bias Add of a MatMul). */
  readonly removed = new Set<INodeProto>();
  /** Scales and zero points: quantization metadata, not model parameters. */
  readonly quantParams = new Set<string>();
  matmuls = 0;
  tables = 0;
  /** Weights stored as 4-bit codes (K x N per MatMulNBits weight). */
  int4Parameters = 0;
  private readonly inits = new Map<string, ITensorProto>();
  private readonly uses = new Map<string, Use[]>();
  private readonly names = new Set<string>();
  private readonly boundary = new Set<string>();

  constructor(
    graph: IGraphProto,
    readonly file: string | undefined,
  ) {
    for (const t of graph.initializer ?? []) {
      this.inits.set(t.name ?? '', t);
      this.names.add(t.name ?? '');
    }
    for (const node of graph.node ?? []) {
      (node.input ?? []).forEach((name, index) => {
        const list = this.uses.get(name) ?? [];
        list.push({ node, index });
        this.uses.set(name, list);
      });
      for (const name of node.output ?? []) this.names.add(name);
    }
    // A graph input that shadows an initializer may be overridden by the caller, and a graph
    // output must keep its type: both stay float32.
    for (const v of [...(graph.input ?? []), ...(graph.output ?? [])]) {
      this.boundary.add(v.name ?? '');
      this.names.add(v.name ?? '');
    }
  }

  initializer(name: string): ITensorProto | undefined {
    return this.boundary.has(name) ? undefined : this.inits.get(name);
  }

  /** Every initializer a rewrite may replace (not shadowed by a graph input or output). */
  *initializers(): IterableIterator<ITensorProto> {
    for (const [name, tensor] of this.inits) if (!this.boundary.has(name)) yield tensor;
  }

  usesOf(name: string): readonly Use[] {
    return this.uses.get(name) ?? [];
  }

  isGraphOutput(name: string): boolean {
    return this.boundary.has(name);
  }

  /**
   * The float32 initializer `name` when it is 2-D and every reader is in `role`, so that
   * replacing it cannot change another consumer; undefined otherwise.
   */
  floatMatrix(name: string, role: Role): ITensorProto | undefined {
    const tensor = this.initializer(name);
    if (tensor === undefined || tensor.dataType !== DataType.FLOAT || tensorDims(tensor).length !== 2) return undefined;
    return this.usesOf(name).every(role) ? tensor : undefined;
  }

  /**
   * A standard MatMul A·B whose B is a float32 weight matrix read only as MatMul B inputs: what
   * the int8 and int4 rewrites replace. Undefined for any other node.
   */
  constantWeightMatMul(node: INodeProto): { a: string; y: string; weight: ITensorProto } | undefined {
    const [a, b] = node.input ?? [];
    const [y] = node.output ?? [];
    if (node.opType !== 'MatMul' || (node.domain ?? '') !== '' || a === undefined || b === undefined || y === undefined) return undefined;
    const weight = this.floatMatrix(b, isMatMulB);
    return weight === undefined ? undefined : { a, y, weight };
  }

  /**
   * The reader of MatMul output `y` when it is the only one and is Add(y, bias) with a float32
   * initializer bias of shape [cols]: a bias the quantized node can take as an input.
   */
  foldableBias(y: string, cols: number): { add: INodeProto; name: string } | undefined {
    const uses = this.usesOf(y);
    const only = uses[0];
    if (uses.length !== 1 || only === undefined || only.node.opType !== 'Add' || (only.node.domain ?? '') !== '' || this.isGraphOutput(y)) return undefined;
    const other = only.node.input?.[1 - only.index];
    const bias = other === undefined ? undefined : this.initializer(other);
    if (bias === undefined || bias.dataType !== DataType.FLOAT) return undefined;
    const dims = tensorDims(bias);
    return dims.length === 1 && dims[0] === cols ? { add: only.node, name: other as string } : undefined;
  }

  /** A value name not used anywhere in the graph yet, based on `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }
}

/** A node of the standard ONNX domain. */
export function stdNode(opType: string, name: string, input: string[], output: string[], attribute: IAttributeProto[] = []): INodeProto {
  return { opType, name, domain: '', input, output, attribute };
}

/** `Cast(to=float)`: int8 values and int32 accumulators become float32. */
export function castToFloat(name: string, input: string, output: string): INodeProto {
  return stdNode('Cast', name, [input], [output], [intAttribute('to', DataType.FLOAT)]);
}

/** An int attribute (AttributeProto type INT). */
export function intAttribute(name: string, i: number): IAttributeProto {
  return { name, type: AttributeType.INT, i };
}

const isMatMulB = (u: Use): boolean => u.node.opType === 'MatMul' && (u.node.domain ?? '') === '' && u.index === 1;
