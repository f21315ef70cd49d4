/**
 * int8 models must compute the same on every CPU. onnxruntime's u8 x s8 kernels on x86 without
 * VNNI (AVX2, AVX-512 without VNNI) add each two u8 x s8 products into a saturating int16
 * (vpmaddubsw); with VNNI the sums are exact. A model whose weights let such a pair exceed
 * 32767 is right on the machine that made it and wrong elsewhere, so these tests check the
 * stored weights (which catches the problem on any CPU) and run a layer built to saturate
 * (which fails only where the kernel saturates: `npm run test:avx2` runs it under an emulated
 * AVX2-only CPU).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { DataType, onnx } from '../../src/onnx/proto.js';
import type { ITensorProto } from '../../src/onnx/proto.js';
import { fillNormal } from '../support/fixtures/random-weights.js';
import { quantizeOnnx } from '../../src/quantize/quantize-onnx.js';
import { ModelSession } from '../../src/runtime/session.js';
import { TINY_MODEL } from '../support/cli.js';
import { writeRandomBertDir } from '../support/random-bert-dir.js';

/** 32767 / 255: the most two weights may add up to (in magnitude) beside u8 activations. */
const INT16_SAFE_PAIR = 128;

const int8Values = (t: ITensorProto): Int8Array => new Int8Array(new Uint8Array(t.rawData as Uint8Array).buffer);
const float32Values = (t: ITensorProto): Float32Array => new Float32Array(new Uint8Array(t.rawData as Uint8Array).buffer);

/** The B initializers of the int8 MatMuls (DynamicQuantizeMatMul or MatMulInteger input 1). */
function matmulWeights(bytes: Uint8Array): ITensorProto[] {
  const graph = onnx.ModelProto.decode(bytes).graph;
  const inits = new Map((graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const names = (graph?.node ?? []).filter((n) => n.opType === 'DynamicQuantizeMatMul' || n.opType === 'MatMulInteger').map((n) => n.input?.[1] ?? '');
  return names.map((n) => inits.get(n)).filter((t): t is ITensorProto => t !== undefined);
}

test('every int8 MatMul weight is stored int16-safe: no two values of an output channel exceed 128 together', () => {
  const stress = writeRandomBertDir({ hiddenSize: 64, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 256 }, 99, 10).dir;
  for (const dir of [TINY_MODEL, stress]) {
    for (const encoding of ['contrib', 'standard'] as const) {
      const weights = matmulWeights(quantizeOnnx(readFileSync(path.join(dir, 'model.onnx')), { encoding }).bytes);
      assert.ok(weights.length >= 12, `${dir} ${encoding}: ${weights.length} int8 MatMuls`);
      for (const t of weights) {
        // int8 (s8) weights and zero points 0: the u8 x s8 kernels, the fastest on VNNI CPUs.
        assert.equal(t.dataType, DataType.INT8, `${t.name}`);
        const [rows, cols] = (t.dims ?? []).map(Number) as [number, number];
        const values = int8Values(t);
        for (let c = 0; c < cols; c++) {
          const mags = Array.from({ length: rows }, (_, r) => Math.abs(values[r * cols + c] as number)).sort((a, b) => b - a);
          const pair = (mags[0] as number) + (mags[1] as number);
          assert.ok(pair <= INT16_SAFE_PAIR, `${encoding} ${t.name} channel ${c}: ${mags[0]} + ${mags[1]} = ${pair} > ${INT16_SAFE_PAIR}`);
        }
      }
    }
  }
});

for (const encoding of ['contrib', 'standard'] as const) {
  test(`${encoding}: a layer built to saturate int16 pair sums matches float64 math exactly`, async () => {
    // Activations are multiples of 1/16 up to 255/16: onnxruntime quantizes them to uint8 with
    // scale exactly 1/16 and zero point 0, so each u8 value is known (most of them 240..255).
    const [rows, inF, outF] = [4, 32, 8];
    const noise = fillNormal(new Float32Array(rows * inF), 5, 0, 1);
    const q = Array.from({ length: rows * inF }, (_, i) => {
      const [r, k] = [Math.floor(i / inF), i % inF];
      if (r === 0 || k === 0) return 255;
      if (r === 3) return k % 2 === 0 ? 255 : 0;
      return r === 1 ? 240 + Math.round(Math.abs(noise[i] as number) * 5) % 16 : Math.round(Math.abs(noise[i] as number) * 80) % 256;
    });
    const x = Float32Array.from(q, (v) => v / 16);
    // Columns of equal magnitudes (same sign, negative, alternating), one outlier, random: with
    // max|w| / 127 scales their pairs reach 255 x 127 x 2 = 64770, twice what int16 holds.
    const random = fillNormal(new Float32Array(inF * outF), 6, 0, 0.1);
    const w = Float32Array.from({ length: inF * outF }, (_, i) => {
      const [k, c] = [Math.floor(i / outF), i % outF];
      if (c === 0) return 0.05;
      if (c === 1) return -0.05;
      if (c === 2) return k % 2 === 0 ? 0.05 : -0.05;
      if (c === 3) return k === 0 ? 1 : 0.1;
      return random[i] as number;
    });
    const b = fillNormal(new Float32Array(outF), 7, 0, 0.5);
    const g = new GraphBuilder();
    g.addInput('x', 'float32', ['batch', inF]);
    g.op('Add', [g.op('MatMul', ['x', g.addFloat32('w', w, [inF, outF])]), g.addFloat32('b', b, [outF])], {}, { outputs: ['y'] });
    g.addOutput('y', 'float32', ['batch', outF]);
    const bytes = quantizeOnnx(g.toBytes(), { encoding }).bytes;
    const inits = new Map((onnx.ModelProto.decode(bytes).graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
    const wq = int8Values(inits.get('w_quantized') as ITensorProto);
    const scales = float32Values(inits.get('w_scale') as ITensorProto);
    const session = await ModelSession.create(bytes, { threads: 1 });
    const y = (await session.run({ x: { type: 'float32', data: x, dims: [rows, inF] } })).y?.data as Float32Array;
    await session.dispose();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < outF; c++) {
        // The integer product is exact in float64; only onnxruntime's float32 rescaling rounds.
        let acc = 0;
        let magnitude = 0;
        for (let k = 0; k < inF; k++) {
          acc += (q[r * inF + k] as number) * (wq[k * outF + c] as number);
          magnitude += Math.abs((q[r * inF + k] as number) * (wq[k * outF + c] as number));
        }
        const scale = (scales[c] as number) / 16;
        const exact = acc * scale + (b[c] as number);
        const bound = 1e-5 * (magnitude * scale + Math.abs(b[c] as number)) + 1e-6;
        const got = y[r * outF + c] as number;
        assert.ok(Math.abs(got - exact) <= bound, `y[${r}, ${c}] = ${got}, expected ${exact} +- ${bound} (int16 saturation in the int8 kernel?)`);
      }
    }
  });
}
