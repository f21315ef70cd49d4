/**
 * This machine's onnxruntime MatMul peak, measured in the same run as the models so that
 * "share of peak" compares like with like on a noisy shared machine: one large MatMul of the
 * feed-forward shape of a base model, best of several runs. With `int8`, the same MatMul
 * quantized the way resumator quantizes models (dynamic int8, one DynamicQuantizeMatMul).
 */
import { GraphBuilder } from '../src/onnx/graph-builder.js';
import { fillNormal } from '../test/support/fixtures/random-weights.js';
import { quantizeOnnx } from '../src/quantize/quantize-onnx.js';
import { ModelSession } from '../src/runtime/session.js';

export interface PeakResult {
  shape: [number, number, number];
  bestMs: number;
  /** GFLOP/s for fp32, GOP/s (multiply-adds counted as 2) for int8. */
  gflops: number;
}

/** fp32 (or int8) throughput of A[m,k] x B[k,n] with B a constant, as model weights are. */
export async function measureMatMulPeak(threads: number, shape: [number, number, number] = [2048, 768, 3072], runs = 5, int8 = false): Promise<PeakResult> {
  const [m, k, n] = shape;
  const g = new GraphBuilder();
  g.addInput('a', 'float32', [m, k]);
  const b = g.addFloat32('b', fillNormal(new Float32Array(k * n), 1, 0, 0.05), [k, n]);
  g.op('MatMul', ['a', b], {}, { outputs: ['c'] });
  g.addOutput('c', 'float32', [m, n]);
  const bytes = int8 ? quantizeOnnx(g.toBytes()).bytes : g.toBytes();
  const session = await ModelSession.create(bytes, { threads, label: 'matmul-peak', countsAsInference: false });
  const a = fillNormal(new Float32Array(m * k), 2, 0, 1);
  let bestMs = Infinity;
  for (let r = 0; r < runs + 1; r++) {
    const start = performance.now();
    await session.run({ a: { type: 'float32', data: a, dims: [m, k] } });
    const ms = performance.now() - start;
    if (r > 0) bestMs = Math.min(bestMs, ms);
  }
  await session.dispose();
  return { shape, bestMs, gflops: (2 * m * k * n) / (bestMs * 1e6) };
}
