/**
 * Rewrites a float32 decoder graph so that its KV cache inputs/outputs and its logits are
 * float16, as in the fp16 exports of transformers.js / optimum: a Cast after each past input and
 * before each present / logits output. Lets tests run such a file without downloading one.
 */
import { DataType, onnx } from '../../src/onnx/proto.js';
import type { IGraphProto, INodeProto, IValueInfoProto } from '../../src/onnx/proto.js';

const HALF_INPUT = /^past_key_values\./;
const HALF_OUTPUT = /^(present\.|logits$)/;

/** The model bytes with float16 cache tensors and logits. */
export function withFloat16Io(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph as IGraphProto & { node: INodeProto[]; input: IValueInfoProto[]; output: IValueInfoProto[] };
  const head: INodeProto[] = [];
  const tail: INodeProto[] = [];
  const cast = (from: string, to: string, type: number): INodeProto => ({
    name: `Cast_${to}`,
    opType: 'Cast',
    domain: '',
    input: [from],
    output: [to],
    attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: type }],
  });
  const setType = (info: IValueInfoProto): void => {
    const tensor = info.type?.tensorType;
    if (tensor) tensor.elemType = DataType.FLOAT16;
  };
  const rename = (from: string, to: string, where: 'input' | 'output'): void => {
    for (const node of graph.node) node[where] = (node[where] ?? []).map((n: string) => (n === from ? to : n));
  };
  for (const input of graph.input) {
    const name = input.name as string;
    if (!HALF_INPUT.test(name)) continue;
    setType(input);
    rename(name, `${name}.f32`, 'input');
    head.push(cast(name, `${name}.f32`, DataType.FLOAT));
  }
  for (const output of graph.output) {
    const name = output.name as string;
    if (!HALF_OUTPUT.test(name)) continue;
    setType(output);
    rename(name, `${name}.f32`, 'output');
    rename(name, `${name}.f32`, 'input');
    tail.push(cast(`${name}.f32`, name, DataType.FLOAT16));
  }
  graph.node = [...head, ...graph.node, ...tail];
  return onnx.ModelProto.encode(model).finish();
}
