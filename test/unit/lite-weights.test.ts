import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonComponent, harmonicNumber, sifWeights, zipfProbabilities } from '../../src/lite/lite-weights.js';

test('Zipf probabilities and SIF weights from ranks', () => {
  assert.ok(Math.abs(harmonicNumber(3) - 11 / 6) < 1e-15);
  const p = zipfProbabilities(Int32Array.of(0, 1, 2), 3);
  // p(r) = 1 / ((r + 1) H_3) = 6/11, 3/11, 2/11
  [6 / 11, 3 / 11, 2 / 11].forEach((e, i) => assert.ok(Math.abs((p[i] as number) - e) < 1e-15));
  const w = sifWeights(p, 0.1);
  [0.1 / (0.1 + 6 / 11), 0.1 / (0.1 + 3 / 11), 0.1 / (0.1 + 2 / 11)].forEach((e, i) => assert.ok(Math.abs((w[i] as number) - e) < 1e-15));
});

test('the common component is the top eigenvector of Σ p(w) (weight·v)(weight·v)ᵀ', () => {
  // Two 2-d words: y1 = 1·(2, 0), y2 = 0.5·(2, 2) = (1, 1); p = 0.75, 0.25.
  // C = 0.75·[[4,0],[0,0]] + 0.25·[[1,1],[1,1]] = [[3.25, 0.25], [0.25, 0.25]].
  // Eigenvalues: 1.75 ± sqrt(1.5² + 0.25²); top eigenvector ∝ (0.25, λ - 3.25).
  const vectors = Float32Array.of(2, 0, 2, 2);
  const u = commonComponent(vectors, Float64Array.of(1, 0.5), Float64Array.of(0.75, 0.25), 2);
  const lambda = 1.75 + Math.sqrt(1.5 ** 2 + 0.25 ** 2);
  const e = [0.25, lambda - 3.25];
  const n = Math.hypot(e[0] as number, e[1] as number);
  assert.ok(Math.abs((u[0] as number) - (e[0] as number) / n) < 1e-9, `u = ${u.join(', ')}`);
  assert.ok(Math.abs((u[1] as number) - (e[1] as number) / n) < 1e-9);
  assert.deepEqual([...commonComponent(new Float32Array(4), Float64Array.of(1, 1), Float64Array.of(0.5, 0.5), 2)], [0, 0]);
});
