/**
 * The memory bandwidth a decode step can reach here: onnxruntime multiplying one row by a
 * constant float32 matrix far larger than the caches (a GEMV reads every weight once per step,
 * as decoding does), best of several runs. Decode's share of it says how close a step is to
 * this machine's limit.
 */
import { GraphBuilder } from '../src/onnx/graph-builder.js';
import { ModelSession } from '../src/runtime/session.js';
import { fillNormal } from '../test/support/fixtures/random-weights.js';

export interface BandwidthResult {
  mb: number;
  bestMs: number;
  gbPerS: number;
}

export async function measureGemvBandwidth(threads: number, k = 4096, n = 24576, runs = 5): Promise<BandwidthResult> {
  const g = new GraphBuilder();
  g.addInput('a', 'float32', [1, k]);
  const b = g.addFloat32('b', fillNormal(new Float32Array(k * n), 3, 0, 0.05), [k, n]);
  g.op('MatMul', ['a', b], {}, { outputs: ['c'] });
  g.addOutput('c', 'float32', [1, n]);
  const session = await ModelSession.create(g.toBytes(), { threads, label: 'gemv-bandwidth', countsAsInference: false });
  const a = fillNormal(new Float32Array(k), 4, 0, 1);
  let bestMs = Infinity;
  for (let r = 0; r < runs + 1; r++) {
    const start = performance.now();
    await session.run({ a: { type: 'float32', data: a, dims: [1, k] } });
    const ms = performance.now() - start;
    if (r > 0) bestMs = Math.min(bestMs, ms);
  }
  await session.dispose();
  const bytes = k * n * 4;
  return { mb: bytes / 1e6, bestMs, gbPerS: bytes / 1e9 / (bestMs / 1000) };
}
