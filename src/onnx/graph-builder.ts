/**
 * A small, model-agnostic builder for ONNX graphs: typed inputs/outputs, initializers and nodes,
 * serialised to a ModelProto. Converters (BERT today, other checkpoints later) describe their
 * computation with it instead of touching protobuf objects directly.
 */
import { ModelError } from '../errors.js';
import { bytesOf, externalise, toFloat16, type SerializedModel, type SerializeOptions } from './initializer-storage.js';
import { AttributeType, DataType, onnx } from './proto.js';
import type { IAttributeProto, INodeProto, ITensorProto, IValueInfoProto } from './proto.js';
import type { TensorValue } from './tensor-value.js';

export type { ExternalDataChunk, ExternalDataOptions, SerializedModel, SerializeOptions } from './initializer-storage.js';
export type { TensorValue } from './tensor-value.js';

/** Element types the builder can declare for graph inputs/outputs. */
export type ElemType = 'float32' | 'int64';

/** A dimension: a fixed size or a symbolic name such as 'batch'. */
export type Dim = number | string;


/** A node attribute. Tagged because a JS number cannot tell an ONNX float from an int. */
export type AttrValue =
  | { float: number }
  | { int: number }
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { string: string }
  | { tensor: TensorValue };

export interface NodeOptions {
  /** Output names to use instead of generated ones; also fixes the number of outputs. */
  outputs?: readonly string[];
  /** Number of generated outputs when `outputs` is not given (default 1). */
  outputCount?: number;
  /** Operator domain; '' (the default) is the standard ONNX domain. */
  domain?: string;
}

/** Settings of the serialised model; ONNX IR 8 with opset 17 is what onnxruntime-node 1.x runs. */
export interface ModelSettings {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  graphName: string;
}

const DEFAULT_SETTINGS: ModelSettings = { irVersion: 8, opsetVersion: 17, producerName: 'resumator', graphName: 'main' };

const ELEM_CODES: Record<ElemType, number> = { float32: DataType.FLOAT, int64: DataType.INT64 };

/**
 * Builds one ONNX graph.
 *
 * @example
 * const g = new GraphBuilder();
 * g.addInput('x', 'float32', ['batch', 4]);
 * const w = g.addFloat32('w', new Float32Array(8), [4, 2]);
 * g.op('MatMul', ['x', w], {}, { outputs: ['y'] });
 * g.addOutput('y', 'float32', ['batch', 2]);
 * const bytes = g.toBytes();
 */
export class GraphBuilder {
  private readonly inputs: IValueInfoProto[] = [];
  private readonly outputs: IValueInfoProto[] = [];
  private readonly initializers: Array<{ name: string; value: TensorValue }> = [];
  private readonly nodes: INodeProto[] = [];
  private readonly names = new Set<string>();
  private readonly domains = new Set<string>();
  private counter = 0;
  private readonly settings: ModelSettings;

  constructor(settings: Partial<ModelSettings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  /** Declares a graph input; returns its name. */
  addInput(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output. The name must be produced by an input, initializer or node. */
  addOutput(name: string, type: ElemType, dims: readonly Dim[]): void {
    if (!this.names.has(name)) throw new ModelError(`graph output '${name}' is not produced by any node, input or initializer`);
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** Adds a float32 initializer (a constant weight); returns its name. */
  addFloat32(name: string, data: Float32Array, dims: readonly number[]): string {
    return this.addInitializer(name, { type: 'float32', data, dims });
  }

  /** Adds an int64 initializer (indices, shapes); returns its name. */
  addInt64(name: string, data: readonly number[] | BigInt64Array, dims: readonly number[]): string {
    const values = data instanceof BigInt64Array ? data : BigInt64Array.from(data, (v) => BigInt(v));
    return this.addInitializer(name, { type: 'int64', data: values, dims });
  }

  /** Adds an initializer of any supported type; returns its name. */
  addInitializer(name: string, value: TensorValue): string {
    this.claim(name);
    tensorProto(name, value); // validates dims against the data now, where the caller can see it
    this.initializers.push({ name, value });
    return name;
  }

  /** Adds a node with exactly one output; returns the output name. */
  op(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}, options: NodeOptions = {}): string {
    if (options.outputs !== undefined && options.outputs.length !== 1) {
      throw new ModelError(`${opType}: op() builds single-output nodes; use node() for several outputs`);
    }
    const [output] = this.node(opType, inputs, attrs, { ...options, outputCount: 1 });
    return output as string;
  }

  /**
   * Adds a node; returns its output names (generated as `<opType>_<n>` unless given).
   * An empty string in `inputs` marks an omitted optional input, as in ONNX.
   */
  node(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}, options: NodeOptions = {}): string[] {
    for (const input of inputs) {
      if (input !== '' && !this.names.has(input)) throw new ModelError(`${opType}: input '${input}' is not defined yet`);
    }
    const id = this.counter++;
    const outputs = options.outputs !== undefined
      ? [...options.outputs]
      : Array.from({ length: options.outputCount ?? 1 }, (_, i) => (i === 0 ? `${opType}_${id}` : `${opType}_${id}_${i}`));
    for (const output of outputs) this.claim(output);
    const domain = options.domain ?? '';
    this.domains.add(domain);
    this.nodes.push({
      name: `${opType}_${id}`,
      opType,
      domain,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attrs).map(([key, value]) => attributeProto(key, value)),
    });
    return outputs;
  }

  /** Serialises the graph as an ONNX ModelProto. Deterministic: same calls, same bytes. */
  toBytes(): Uint8Array {
    return this.serialize().model;
  }

  /** Total bytes of the initializers as float32/int64 data (what an all-inline model carries). */
  get initializerByteLength(): number {
    return this.initializers.reduce((sum, { value }) => sum + value.data.byteLength, 0);
  }

  /**
   * Serialises the graph, optionally with float16 weights and/or ONNX external data.
   *
   * @example
   * const { model, external } = g.serialize({ externalData: { location: 'model.onnx_data' } });
   */
  serialize(options: SerializeOptions = {}): SerializedModel {
    const prologue: INodeProto[] = [];
    let initializers = this.initializers.map(({ name, value }) => tensorProto(name, value));
    if (options.float16Weights === true) {
      initializers = this.initializers.map(({ name, value }) => {
        const half = toFloat16(value);
        if (half === undefined) return tensorProto(name, value);
        const stored = this.freshName(`${name}.fp16`);
        prologue.push({ name: `Cast_${stored}`, opType: 'Cast', domain: '', input: [stored], output: [name], attribute: [attributeProto('to', { int: DataType.FLOAT })] });
        return { name: stored, dataType: DataType.FLOAT16, dims: [...value.dims], rawData: bytesOf(half) };
      });
    }
    const external = options.externalData === undefined ? undefined : externalise(initializers, options.externalData);
    const opsetImport = [...this.domains].sort().map((domain) => ({ domain, version: domain === '' ? this.settings.opsetVersion : 1 }));
    if (!this.domains.has('')) opsetImport.unshift({ domain: '', version: this.settings.opsetVersion });
    const model = onnx.ModelProto.create({
      irVersion: this.settings.irVersion,
      producerName: this.settings.producerName,
      opsetImport,
      graph: {
        name: this.settings.graphName,
        node: [...prologue, ...this.nodes],
        initializer: initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    const bytes = onnx.ModelProto.encode(model).finish();
    return external === undefined ? { model: bytes } : { model: bytes, external };
  }

  /** `base`, or `base_<n>` when taken: names for values the serialiser adds. */
  private freshName(base: string): string {
    let name = base;
    for (let n = 1; this.names.has(name); n++) name = `${base}_${n}`;
    return name;
  }

  private claim(name: string): void {
    if (name === '') throw new ModelError('graph value names must not be empty');
    if (this.names.has(name)) throw new ModelError(`graph value '${name}' is defined twice`);
    this.names.add(name);
  }
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_CODES[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensorProto(name: string, value: TensorValue): ITensorProto {
  const expected = value.dims.reduce((a, b) => a * b, 1);
  if (expected !== value.data.length) {
    throw new ModelError(`tensor '${name}': dims [${value.dims.join(', ')}] hold ${expected} values but data has ${value.data.length}`);
  }
  // raw_data is little-endian by spec; copying the typed array's bytes assumes a little-endian
  // host, which holds for every platform onnxruntime-node ships for.
  const { data } = value;
  return {
    name,
    dataType: ELEM_CODES[value.type],
    dims: [...value.dims],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

function attributeProto(name: string, value: AttrValue): IAttributeProto {
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  if ('string' in value) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
  return { name, type: AttributeType.TENSOR, t: tensorProto(name, value.tensor) };
}
