import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { onnx } from '../../src/onnx/proto.js';
import { ModelSession } from '../../src/runtime/session.js';

test('a MatMul + Add graph runs with hand-computed results', async () => {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['batch', 3]);
  const w = g.addFloat32('w', Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]);
  const b = g.addFloat32('b', Float32Array.of(0.5, -1), [2]);
  const product = g.op('MatMul', ['x', w]);
  assert.equal(product, 'MatMul_0');
  g.op('Add', [product, b], {}, { outputs: ['y'] });
  g.addOutput('y', 'float32', ['batch', 2]);
  const session = await ModelSession.create(g.toBytes());
  assert.deepEqual(session.inputs, [{ name: 'x', type: 'float32', shape: ['batch', 3] }]);
  const out = await session.run({ x: { type: 'float32', data: Float32Array.of(1, 0, 0, 1, 1, 1), dims: [2, 3] } });
  // [1,0,0]·W = [1,2]; [1,1,1]·W = [9,12]; plus bias.
  assert.deepEqual([...(out['y']?.data ?? [])], [1.5, 1, 9.5, 11]);
  await session.dispose();
});

test('int, ints, float, string and tensor attributes and int64 initializers reach the runtime', async () => {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', [2, 3]);
  const idx = g.addInt64('idx', [2, 0], [2]);
  const picked = g.op('Gather', ['x', idx], { axis: { int: 1 } }); // [2,2]: columns 2 and 0
  const turned = g.op('Transpose', [picked], { perm: { ints: [1, 0] } });
  const offset = g.op('Constant', [], { value: { tensor: { type: 'float32', data: Float32Array.of(10), dims: [] } } });
  const shifted = g.op('Add', [turned, offset]);
  const scaled = g.op('LeakyRelu', [g.op('Neg', [shifted])], { alpha: { float: 0.5 } });
  const pads = g.addInt64('pads', [0, 1, 0, 0], [4]);
  g.op('Pad', [scaled, pads], { mode: { string: 'edge' } }, { outputs: ['y'] });
  g.addOutput('y', 'float32', [2, 3]);
  const session = await ModelSession.create(g.toBytes());
  const out = await session.run({ x: { type: 'float32', data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] } });
  // picked = [[3,1],[6,4]]; transposed = [[3,6],[1,4]]; +10, negated, *0.5: [[-6.5,-8],[-5.5,-7]];
  // edge padding repeats the first column.
  assert.deepEqual(out['y']?.dims, [2, 3]);
  assert.deepEqual([...(out['y']?.data ?? [])], [-6.5, -6.5, -8, -5.5, -5.5, -7]);
  await session.dispose();
});

test('toBytes writes IR 8, opset 17, producer resumator and extra domains', () => {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', [1]);
  const [a, b] = g.node('Split', ['x'], {}, { outputCount: 2 });
  assert.deepEqual([a, b], ['Split_0', 'Split_0_1']);
  g.op('Gelu', ['x'], {}, { domain: 'com.microsoft' });
  const model = onnx.ModelProto.decode(g.toBytes());
  assert.equal(Number(model.irVersion), 8);
  assert.equal(model.producerName, 'resumator');
  assert.deepEqual(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 17], ['com.microsoft', 1]]);
  assert.deepEqual((model.graph?.node ?? []).map((n) => n.domain), ['', 'com.microsoft']);
});

test('the same calls give the same bytes', () => {
  const build = (): Uint8Array => {
    const g = new GraphBuilder();
    g.addInput('x', 'float32', ['n']);
    g.op('Relu', [g.op('Add', ['x', g.addFloat32('c', Float32Array.of(1), [])])], {}, { outputs: ['y'] });
    g.addOutput('y', 'float32', ['n']);
    return g.toBytes();
  };
  assert.deepEqual(build(), build());
});

test('builder mistakes are ModelErrors naming the value', () => {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', [2]);
  assert.throws(() => g.addFloat32('x', new Float32Array(2), [2]), { name: 'ModelError', message: "graph value 'x' is defined twice" });
  assert.throws(() => g.op('Relu', ['nope']), { message: "Relu: input 'nope' is not defined yet" });
  assert.throws(() => g.addOutput('y', 'float32', [2]), { message: "graph output 'y' is not produced by any node, input or initializer" });
  assert.throws(() => g.addFloat32('w', new Float32Array(5), [2, 3]), { message: "tensor 'w': dims [2, 3] hold 6 values but data has 5" });
  assert.throws(() => g.op('Split', ['x'], {}, { outputs: ['a', 'b'] }), /op\(\) builds single-output nodes/);
});

test('model settings can be overridden one at a time', () => {
  const g = new GraphBuilder({ graphName: 'encoder' });
  g.addInput('x', 'int64', [1]);
  const model = onnx.ModelProto.decode(g.toBytes());
  assert.equal(model.graph?.name, 'encoder');
  assert.equal(model.producerName, 'resumator');
  assert.equal(Number(model.opsetImport[0]?.version), 17);
});
