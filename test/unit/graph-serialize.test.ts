import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSerializedModel } from '../../src/convert/write-model.js';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { DataType, onnx } from '../../src/onnx/proto.js';
import { ModelSession } from '../../src/runtime/session.js';
import { halfValue, halfBits } from '../support/safetensors-writer.js';

/** y = x @ w + b, with w [2, 3] = 0.1, 0.2, ... and one huge matrix h that fp16 cannot hold. */
function smallGraph(): GraphBuilder {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['batch', 2]);
  const w = g.addFloat32('w', Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), [2, 3]);
  const b = g.addFloat32('b', Float32Array.of(1, 2, 3), [3]);
  const h = g.addFloat32('h', Float32Array.of(1e5, 0, 0, 1), [2, 2]);
  g.op('Add', [g.op('MatMul', ['x', w]), b], {}, { outputs: ['y'] });
  g.op('MatMul', ['x', h], {}, { outputs: ['z'] });
  g.addOutput('y', 'float32', ['batch', 3]);
  g.addOutput('z', 'float32', ['batch', 2]);
  return g;
}

test('toBytes() is serialize() with no options, and stays inline under the external-data threshold', () => {
  const g = smallGraph();
  assert.deepEqual(g.serialize().model, g.toBytes());
  assert.equal(g.initializerByteLength, 24 + 12 + 16);
  const under = g.serialize({ externalData: { location: 'd.bin', whenLargerThan: 52, minTensorBytes: 0 } });
  assert.equal(under.external, undefined);
  assert.deepEqual(under.model, g.toBytes());
});

test('external data: each tensor at an aligned offset with its exact bytes; the session loads it from the path', async () => {
  const g = smallGraph();
  const { model, external } = g.serialize({ externalData: { location: 'weights.bin', whenLargerThan: 51, minTensorBytes: 16, alignment: 64 } });
  assert.ok(external);
  // w (24 bytes) at 0 and h (16 bytes) at 64; b (12 bytes) stays inline.
  assert.deepEqual(external.chunks.map((c) => [c.offset, c.bytes.byteLength]), [[0, 24], [64, 16]]);
  assert.equal(external.byteLength, 80);
  assert.deepEqual([...new Float32Array(external.chunks[0]?.bytes.slice().buffer ?? new ArrayBuffer(0))], [...Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6)]);
  const decoded = onnx.ModelProto.decode(model);
  const w = decoded.graph?.initializer?.find((i) => i.name === 'w');
  assert.equal(w?.dataLocation, onnx.TensorProto.DataLocation.EXTERNAL);
  assert.deepEqual(w?.externalData?.map((e) => [e.key, e.value]), [['location', 'weights.bin'], ['offset', '0'], ['length', '24']]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-ext-'));
  await writeSerializedModel(dir, { model, external });
  const session = await ModelSession.create(path.join(dir, 'model.onnx'));
  const out = await session.run({ x: { type: 'float32', data: Float32Array.of(1, 2), dims: [1, 2] } });
  // [1, 2] @ [[.1 .2 .3] [.4 .5 .6]] + [1 2 3] = [1.9, 3.2, 4.5]
  assert.deepEqual([...(out['y']?.data ?? [])].map((v) => Math.round(v * 1e5) / 1e5), [1.9, 3.2, 4.5]);
  await session.dispose();
  writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(10));
  await assert.rejects(ModelSession.create(path.join(dir, 'model.onnx')), /onnxruntime cannot load the model/);
});

test('float16 weights: matrices stored as FLOAT16 and cast back; vectors and out-of-range matrices stay float32', async () => {
  const { model } = smallGraph().serialize({ float16Weights: true });
  const decoded = onnx.ModelProto.decode(model);
  const types = Object.fromEntries((decoded.graph?.initializer ?? []).map((i) => [i.name, i.dataType]));
  assert.deepEqual(types, { 'w.fp16': DataType.FLOAT16, b: DataType.FLOAT, h: DataType.FLOAT });
  const cast = decoded.graph?.node?.[0];
  assert.equal(cast?.opType, 'Cast');
  assert.deepEqual([cast?.input, cast?.output], [['w.fp16'], ['w']]);
  const session = await ModelSession.create(model);
  const out = await session.run({ x: { type: 'float32', data: Float32Array.of(1, 2), dims: [1, 2] } });
  const w = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((v) => halfValue(halfBits(v)));
  const expected = [0, 1, 2].map((j) => Math.fround(1 * (w[j] as number) + 2 * (w[3 + j] as number) + (j + 1)));
  const y = [...(out['y']?.data ?? [])];
  y.forEach((v, j) => assert.ok(Math.abs(v - (expected[j] as number)) < 1e-6, `y[${j}] = ${v}, expected ${expected[j]}`));
  assert.notEqual(y[0], Math.fround(1.9), 'the fp16-rounded 0.1 and 0.4 do not sum to the float32 answer');
  assert.deepEqual([...(out['z']?.data ?? [])], [1e5, 2]);
  await session.dispose();
});
