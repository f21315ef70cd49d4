import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Embedder } from '../../src/embed/embedder.js';
import { ModelError } from '../../src/errors.js';
import { loadModelDirectory, type ModelDirectory } from '../../src/model/model-dir.js';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { DataType, onnx } from '../../src/onnx/proto.js';
import { fillNormal, randomBertWeights } from '../support/fixtures/random-weights.js';
import { tinyBertConfig, TINY_FIXTURE_SEED } from '../support/fixtures/tiny-fixture.js';
import { cosineAgreement } from '../../src/quantize/agreement.js';
import { quantizePerColumn } from '../../src/quantize/int8-weights.js';
import { quantizeModelDirectory } from '../../src/quantize/quantize-model-dir.js';
import { quantizeOnnx, type QuantizeEncoding } from '../../src/quantize/quantize-onnx.js';
import { SAMPLE_TEXTS } from '../../src/quantize/sample-texts.js';
import { ModelSession } from '../../src/runtime/session.js';
import { TINY_MODEL } from '../support/cli.js';
import { writeRandomBertDir } from '../support/random-bert-dir.js';

const tinyBytes = readFileSync(path.join(TINY_MODEL, 'model.onnx'));

async function embedAll(model: ModelDirectory): Promise<Float32Array> {
  const embedder = await Embedder.open(model, { threads: 1 });
  try {
    return (await embedder.embed(SAMPLE_TEXTS)).vectors;
  } finally {
    await embedder.dispose();
  }
}

async function agreementOf(srcDir: string, encoding: QuantizeEncoding): Promise<{ mean: number; min: number; ratio: number; outDir: string }> {
  const outDir = `${srcDir}-int8-${encoding}`;
  const result = await quantizeModelDirectory(srcDir, outDir, { encoding });
  const [fp32, int8] = [await loadModelDirectory(srcDir), await loadModelDirectory(outDir)];
  const dim = fp32.hiddenSize as number;
  const agreement = cosineAgreement(await embedAll(fp32), await embedAll(int8), SAMPLE_TEXTS.length, dim);
  return { ...agreement, ratio: result.sizeRatio, outDir };
}

async function signature(model: string | Uint8Array): Promise<string> {
  const session = await ModelSession.create(model, { threads: 1 });
  const described = JSON.stringify({ inputs: session.inputs, outputs: session.outputs });
  await session.dispose();
  return described;
}

for (const encoding of ['contrib', 'standard'] as const) {
  test(`tiny-bert, ${encoding} encoding: same inputs/outputs, cosine >= 0.99 vs fp32, about a third of the size`, async () => {
    const { bytes, stats } = quantizeOnnx(tinyBytes, { encoding });
    assert.equal(await signature(bytes), await signature(tinyBytes));
    // 2 layers x (Q, K, V, attention output, intermediate, output) MatMuls; word + position tables.
    assert.equal(stats.matmuls, 12);
    assert.equal(stats.embeddingTables, 2);
    const { mean, min, ratio } = await agreementOf(writeRandomBertDir({}, TINY_FIXTURE_SEED).dir, encoding);
    assert.ok(mean >= 0.99 && min >= 0.98, `mean ${mean}, min ${min}`);
    // 53,120 of the 53,952 weights become 1 byte instead of 4; names, scales and the graph
    // itself are overhead that weighs more in so small a model.
    assert.ok(ratio > 0.25 && ratio < 0.4, `size ratio ${ratio}`);
  });
}

test('a random BERT of hidden size 64 (4 layers): cosine >= 0.99 and about a quarter of the size', async () => {
  // Linear weights x10 (std 0.2): the layers then move the embeddings (different texts' fp32
  // cosines drop from ~0.98 to ~0.96), so int8 errors in them would show.
  const { dir } = writeRandomBertDir({ hiddenSize: 64, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 256 }, 99, 10);
  for (const encoding of ['contrib', 'standard'] as const) {
    const { mean, min, ratio, outDir } = await agreementOf(dir, encoding);
    assert.ok(mean >= 0.99 && min >= 0.98, `${encoding}: mean ${mean}, min ${min}`);
    assert.ok(ratio > 0.25 && ratio < 0.3, `${encoding}: size ratio ${ratio}`);
    assert.equal(await signature(path.join(outDir, 'model.onnx')), await signature(path.join(dir, 'model.onnx')));
  }
});

for (const encoding of ['contrib', 'standard'] as const) {
  test(`${encoding}: one linear layer computes X . dequant(W) + b within the activation rounding`, async () => {
    // Column c of W is scaled by (c + 1): per-column scales differ 16-fold, so applying a
    // scale to the wrong channel (rows instead of columns, a transposed layout) is far off.
    const [rows, inF, outF] = [5, 24, 16];
    const x = fillNormal(new Float32Array(rows * inF), 1, 0, 1);
    const w = fillNormal(new Float32Array(inF * outF), 2, 0, 0.1).map((v, i) => v * ((i % outF) + 1));
    const b = fillNormal(new Float32Array(outF), 3, 0, 0.5);
    const g = new GraphBuilder();
    g.addInput('x', 'float32', ['batch', inF]);
    g.op('Add', [g.op('MatMul', ['x', g.addFloat32('w', w, [inF, outF])]), g.addFloat32('b', b, [outF])], {}, { outputs: ['y'] });
    g.addOutput('y', 'float32', ['batch', outF]);
    const session = await ModelSession.create(quantizeOnnx(g.toBytes(), { encoding }).bytes, { threads: 1 });
    const y = (await session.run({ x: { type: 'float32', data: x, dims: [rows, inF] } })).y?.data as Float32Array;
    await session.dispose();
    const q = quantizePerColumn(w, inF, outF);
    // onnxruntime quantizes x to uint8 with scale (max - min) / 255 over the whole tensor
    // (range widened to include 0): each x is off by at most half of that step.
    const xMax = Math.max(0, ...x);
    const xMin = Math.min(0, ...x);
    const halfStep = (xMax - xMin) / 255 / 2;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < outF; c++) {
        let exact = b[c] as number;
        let bound = 1e-4;
        for (let k = 0; k < inF; k++) {
          const wq = (q.values[k * outF + c] as number) * (q.scales[c] as number);
          exact += (x[r * inF + k] as number) * wq;
          bound += halfStep * Math.abs(wq);
        }
        const got = y[r * outF + c] as number;
        assert.ok(Math.abs(got - exact) <= bound, `y[${r}, ${c}] = ${got}, expected ${exact} +- ${bound}`);
      }
    }
  });
}

test('stored int8 weights are the per-output-channel, saturation-safe quantization of the checkpoint weight', () => {
  const { bytes } = quantizeOnnx(tinyBytes);
  const model = onnx.ModelProto.decode(bytes);
  const byName = new Map((model.graph?.initializer ?? []).map((t) => [t.name, t]));
  const q = byName.get('encoder.layer.1.output.dense.weight_t_quantized');
  const s = byName.get('encoder.layer.1.output.dense.weight_t_scale');
  assert.ok(q !== undefined && s !== undefined);
  assert.equal(q.dataType, DataType.INT8);
  assert.deepEqual(q.dims?.map(Number), [64, 32]);
  const values = new Int8Array(new Uint8Array(q.rawData as Uint8Array).buffer);
  const scales = new Float32Array(new Uint8Array(s.rawData as Uint8Array).buffer);
  // Independent reference: the checkpoint weight is W [out=32, in=64]; the graph's B is W^T,
  // so output channel o of B is row o of W.
  const w = randomBertWeights(tinyBertConfig(), TINY_FIXTURE_SEED).get('encoder.layer.1.output.dense.weight')?.data as Float32Array;
  for (let o = 0; o < 32; o++) {
    const row = w.subarray(o * 64, (o + 1) * 64);
    // Saturation-safe scale: the two largest magnitudes of the channel share the 127 steps.
    const [m1, m2] = Array.from(row, Math.abs).sort((a, b) => b - a) as [number, number];
    assert.equal(scales[o], Math.fround((m1 + m2) / 127));
    for (let i = 0; i < 64; i++) {
      const stored = values[i * 32 + o] as number;
      assert.ok(Math.abs(stored - (row[i] as number) / (scales[o] as number)) <= 0.5 + 1e-6, `channel ${o}, input ${i}`);
    }
  }
  // Biases stay float32, and the float32 weight itself is gone.
  assert.equal(byName.get('encoder.layer.1.output.dense.bias')?.dataType, DataType.FLOAT);
  assert.equal(byName.get('encoder.layer.1.output.dense.weight_t'), undefined);
});

test('embeddings: false keeps the tables float32 and quantizes only MatMul weights', () => {
  const { stats } = quantizeOnnx(tinyBytes, { embeddings: false });
  assert.equal(stats.embeddingTables, 0);
  assert.equal(stats.matmuls, 12);
  assert.equal(stats.int8Parameters, 2 * (4 * 32 * 32 + 2 * 32 * 64));
});

test('an already quantized model, a graph with nothing to quantize and non-ONNX bytes are clear ModelErrors', () => {
  const once = quantizeOnnx(tinyBytes, { file: 'a/model.onnx' }).bytes;
  assert.throws(() => quantizeOnnx(once, { file: 'a/model.onnx' }), (err: unknown) => err instanceof ModelError && /a\/model\.onnx: the model is already quantized/.test(err.message));
  const standard = quantizeOnnx(tinyBytes, { encoding: 'standard' }).bytes;
  assert.throws(() => quantizeOnnx(standard), /already quantized \(it contains DynamicQuantizeLinear nodes\)/);
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['batch', 2]);
  g.op('Relu', ['x'], {}, { outputs: ['y'] });
  g.addOutput('y', 'float32', ['batch', 2]);
  assert.throws(() => quantizeOnnx(g.toBytes()), (err: unknown) => err instanceof ModelError && /nothing to quantize/.test(err.message));
  assert.throws(() => quantizeOnnx(new TextEncoder().encode('version https://git-lfs.github.com/spec/v1\n')), ModelError);
});

test('a weight also read by a non-MatMul node stays float32', () => {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['batch', 2]);
  const w = g.addFloat32('w', Float32Array.of(1, 2, 3, 4), [2, 2]);
  const shared = g.addFloat32('shared', Float32Array.of(1, 0, 0, 1), [2, 2]);
  const y = g.op('MatMul', ['x', w]);
  const z = g.op('MatMul', [y, shared]);
  g.op('Add', [z, shared], {}, { outputs: ['out'] });
  g.addOutput('out', 'float32', [2, 2]);
  const { bytes, stats } = quantizeOnnx(g.toBytes());
  assert.equal(stats.matmuls, 1);
  const names = onnx.ModelProto.decode(bytes).graph?.initializer?.map((t) => `${t.name}:${t.dataType}`);
  assert.deepEqual(names?.sort(), [`shared:${DataType.FLOAT}`, `w_quantized:${DataType.INT8}`, `w_scale:${DataType.FLOAT}`].sort());
});
