import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { DataType, onnx } from '../../src/onnx/proto.js';
import type { INodeProto } from '../../src/onnx/proto.js';
import { dequantizeInt4Blocks, quantizeInt4Blocks } from '../../src/quantize/int4-blocks.js';
import { quantizeOnnx } from '../../src/quantize/quantize-onnx.js';
import { ModelSession } from '../../src/runtime/session.js';
import { fillNormal } from '../support/fixtures/random-weights.js';

function random(length: number, seed: number, std = 0.5): Float32Array {
  const data = new Float32Array(length);
  fillNormal(data, seed, 0, std);
  return data;
}

/** y = x · W + b with a constant W [k, n]. */
function linearModel(w: Float32Array, bias: Float32Array, k: number, n: number): Uint8Array {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['m', k]);
  const product = g.op('MatMul', ['x', g.addFloat32('w', w, [k, n])]);
  g.op('Add', [product, g.addFloat32('b', bias, [n])], {}, { outputs: ['y'] });
  g.addOutput('y', 'float32', ['m', n]);
  return g.toBytes();
}

async function run(bytes: Uint8Array, feeds: Record<string, { type: 'float32'; data: Float32Array; dims: number[] } | { type: 'int64'; data: BigInt64Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const session = await ModelSession.create(bytes, { threads: 1 });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data as Float32Array]));
  } finally {
    await session.dispose();
  }
}

const nodesOf = (bytes: Uint8Array): INodeProto[] => onnx.ModelProto.decode(bytes).graph?.node ?? [];
const attr = (node: INodeProto, name: string): number | undefined => {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  return a === undefined ? undefined : Number(a.i);
};

// K not a multiple of 32 (the last block is padded) and an odd N.
const [K, N, M] = [100, 7, 3];
const w = random(K * N, 1);
const bias = random(N, 2);
const x = random(M * K, 3, 1);
const dq = dequantizeInt4Blocks(quantizeInt4Blocks(w, K, N));

for (const level of [0, 4] as const) {
  test(`one MatMulNBits layer (accuracy level ${level}) computes x · dequant(W) + b as a float64 reference does`, async () => {
    const { bytes, stats } = quantizeOnnx(linearModel(w, bias, K, N), { type: 'int4', accuracyLevel: level });
    assert.equal(stats.matmuls, 1);
    assert.equal(stats.int4Parameters, K * N);
    const nodes = nodesOf(bytes);
    assert.deepEqual(nodes.map((n) => n.opType), ['MatMulNBits']); // the bias Add is folded in
    const [node] = nodes as [INodeProto];
    assert.equal(node.domain, 'com.microsoft');
    assert.deepEqual(['K', 'N', 'bits', 'block_size', 'accuracy_level'].map((a) => attr(node, a)), [K, N, 4, 32, level === 0 ? undefined : 4]);
    const { y } = await run(bytes, { x: { type: 'float32', data: x, dims: [M, K] } });
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let expected = bias[n] as number;
        // Level 4 quantizes each block of 32 activations to int8 (scale max|x| / 127): the
        // product may move by at most half a step of x times |dequant(W)| per element.
        let bound = 1e-5;
        for (let k = 0; k < K; k++) {
          expected += (x[m * K + k] as number) * (dq[k * N + n] as number);
          if (level === 4) {
            const block = Math.floor(k / 32) * 32;
            let maxAbs = 0;
            for (let j = block; j < Math.min(K, block + 32); j++) maxAbs = Math.max(maxAbs, Math.abs(x[m * K + j] as number));
            bound += (maxAbs / 127 / 2) * Math.abs(dq[k * N + n] as number);
          }
        }
        const diff = Math.abs((y?.[m * N + n] as number) - expected);
        assert.ok(diff <= bound * 1.01, `[${m}, ${n}]: |${y?.[m * N + n]} - ${expected}| = ${diff} > ${bound}`);
      }
    }
  });
}

/** ids -> Gather(table) -> MatMul(·, head) -> logits; `head` is the table transposed when tied. */
function embeddingModel(table: Float32Array, head: Float32Array, rows: number, width: number): Uint8Array {
  const g = new GraphBuilder();
  g.addInput('ids', 'int64', ['b', 's']);
  const h = g.op('Gather', [g.addFloat32('embed', table, [rows, width]), 'ids'], { axis: { int: 0 } }, { outputs: ['h'] });
  g.op('MatMul', [h, g.addFloat32('head', head, [width, rows])], {}, { outputs: ['logits'] });
  g.addOutput('h', 'float32', ['b', 's', width]);
  g.addOutput('logits', 'float32', ['b', 's', rows]);
  return g.toBytes();
}

const transpose = (a: Float32Array, rows: number, cols: number): Float32Array => Float32Array.from({ length: rows * cols }, (_, i) => a[(i % rows) * cols + Math.floor(i / rows)] as number);

for (const [label, width, tied] of [['tied head, whole blocks: stored once', 64, true], ['untied head, a partial block', 48, false]] as const) {
  test(`int4 embedding table (${label}): GatherBlockQuantized rows equal the dequantized table`, async () => {
    const rows = 70;
    const table = random(rows * width, 4, 0.1);
    const head = tied ? transpose(table, rows, width) : random(width * rows, 5, 0.1);
    const { bytes, stats } = quantizeOnnx(embeddingModel(table, head, rows, width), { type: 'int4', accuracyLevel: 0 });
    assert.equal(stats.embeddingTables, 1);
    const ops = nodesOf(bytes).map((n) => n.opType);
    assert.ok(ops.includes('GatherBlockQuantized') && ops.includes('MatMulNBits') && !ops.includes('Gather'), ops.join(', '));
    const uint8 = (onnx.ModelProto.decode(bytes).graph?.initializer ?? []).filter((t) => t.dataType === DataType.UINT8 && (t.dims ?? []).length >= 2 && Number(t.dims?.[0]) === rows);
    // Codes + zero points; a second copy of the codes when the head is not the table.
    assert.equal(uint8.length, tied ? 2 : 4);
    assert.equal(stats.int4Parameters, tied ? rows * width : 2 * rows * width);
    const ids = [0, 5, 69, 33];
    const out = await run(bytes, { ids: { type: 'int64', data: BigInt64Array.from(ids, BigInt), dims: [1, ids.length] } });
    // Both dequantize to [width, rows]: the table's rows are the columns here.
    const dqTable = dequantizeInt4Blocks(quantizeInt4Blocks(table, width, rows, { layout: 'rows' }));
    const dqHead = dequantizeInt4Blocks(quantizeInt4Blocks(head, width, rows));
    ids.forEach((id, i) => {
      for (let c = 0; c < width; c++) assert.equal(out['h']?.[i * width + c], dqTable[c * rows + id]);
      for (let v = 0; v < rows; v++) {
        let expected = 0;
        for (let c = 0; c < width; c++) expected += (dqTable[c * rows + id] as number) * (dqHead[c * rows + v] as number);
        assert.ok(Math.abs((out['logits']?.[i * rows + v] as number) - expected) < 1e-5, `logit [${i}, ${v}]`);
      }
    });
  });
}

test('int4 refuses the standard encoding, int8 an accuracy level', () => {
  const model = linearModel(w, bias, K, N);
  assert.throws(() => quantizeOnnx(model, { type: 'int4', encoding: 'standard' }), UsageError);
  assert.throws(() => quantizeOnnx(model, { type: 'int8', accuracyLevel: 4 }), UsageError);
});

test('an int4 model is recognised as already quantized', () => {
  const { bytes } = quantizeOnnx(linearModel(w, bias, K, N), { type: 'int4' });
  assert.throws(() => quantizeOnnx(bytes, { type: 'int4' }), /already quantized/);
});
