import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachSimilarityBlock, defaultBlockRows } from '../../src/similarity/block-similarity.js';
import { randomUnitRows } from '../support/seeded-random.js';

/** Independent reference: the plain double loop, accumulated in float64. */
function naiveProduct(a: Float32Array, nA: number, b: Float32Array, nB: number, dim: number): Float64Array {
  const out = new Float64Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += a[i * dim + d]! * b[j * dim + d]!;
      out[i * nB + j] = s;
    }
  }
  return out;
}

async function collect(
  a: Float32Array, nA: number, b: Float32Array, nB: number, dim: number, blockRows?: number, engine?: 'js' | 'onnxruntime',
): Promise<{ matrix: Float64Array; calls: Array<[number, number]> }> {
  const matrix = new Float64Array(nA * nB).fill(NaN);
  const calls: Array<[number, number]> = [];
  await forEachSimilarityBlock(a, nA, b, nB, dim, async (rowStart, rowCount, block) => {
    assert.equal(block.length, rowCount * nB);
    calls.push([rowStart, rowCount]);
    await Promise.resolve(); // an async consumer is awaited before the buffer is reused
    matrix.set(block, rowStart * nB);
  }, { ...(blockRows === undefined ? {} : { blockRows }), ...(engine === undefined ? {} : { engine }) });
  return { matrix, calls };
}

for (const [nA, nB, dim] of [[13, 7, 5], [9, 11, 16], [5, 1, 3], [1, 6, 33]] as const) {
  test(`matches the naive product for ${nA}x${dim} · (${nB}x${dim})ᵀ at block sizes 1, 3, large`, async () => {
    const a = randomUnitRows(nA, dim, nA * 31 + dim);
    const b = randomUnitRows(nB, dim, nB * 17 + dim);
    const expected = naiveProduct(a, nA, b, nB, dim);
    for (const engine of ['js', 'onnxruntime'] as const) {
      for (const blockRows of [1, 3, 1000, undefined]) {
        const { matrix, calls } = await collect(a, nA, b, nB, dim, blockRows, engine);
        assert.equal(calls.length, Math.ceil(nA / Math.min(blockRows ?? nA, nA)));
        for (let k = 0; k < expected.length; k++) {
          assert.ok(Math.abs(matrix[k]! - expected[k]!) < 1e-6, `${engine} blockRows=${blockRows} cell ${k}: ${matrix[k]} vs ${expected[k]}`);
        }
      }
    }
  });
}

test('blocks cover the rows in order with the last block short', async () => {
  const a = randomUnitRows(10, 4, 1);
  const b = randomUnitRows(3, 4, 2);
  const { calls } = await collect(a, 10, b, 3, 4, 3);
  assert.deepEqual(calls, [[0, 3], [3, 3], [6, 3], [9, 1]]);
});

test('a row against itself scores 1 for normalised rows', async () => {
  const a = randomUnitRows(4, 8, 3);
  const { matrix } = await collect(a, 4, a, 4, 8);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(matrix[i * 4 + i]! - 1) < 1e-6);
});

test('no A rows: onBlock is never called', async () => {
  const { calls } = await collect(new Float32Array(0), 0, randomUnitRows(2, 4, 4), 2, 4);
  assert.deepEqual(calls, []);
});

test('rejects lengths that do not match n x dim, and bad block sizes', async () => {
  const ok = new Float32Array(6);
  const noop = (): void => undefined;
  await assert.rejects(forEachSimilarityBlock(new Float32Array(5), 2, ok, 2, 3, noop), /matrix a has 5 values, expected 2 x 3 = 6/);
  await assert.rejects(forEachSimilarityBlock(ok, 2, new Float32Array(7), 2, 3, noop), /matrix b has 7 values/);
  await assert.rejects(forEachSimilarityBlock(ok, 2, ok, 2, 3, noop, { blockRows: 0 }), /blockRows must be a positive integer/);
  await assert.rejects(forEachSimilarityBlock(ok, 2, ok, 2, 0, noop), /invalid shape/);
});

test('default block is about 4 MB of float32 and at least one row', () => {
  assert.equal(defaultBlockRows(10_000), 104);
  assert.equal(defaultBlockRows(10_000_000), 1);
  assert.equal(defaultBlockRows(0), 1_048_576);
});

test('a product above the threshold (engine chosen automatically) agrees with the JavaScript kernel, block for block', async () => {
  // 600 x 500 x 400 = 1.2e8 multiply-adds: just above ORT_MIN_MULTIPLY_ADDS.
  const [nA, nB, dim] = [600, 500, 400];
  const a = randomUnitRows(nA, dim, 5);
  const b = randomUnitRows(nB, dim, 6);
  const auto = await collect(a, nA, b, nB, dim);
  const js = await collect(a, nA, b, nB, dim, undefined, 'js');
  let maxDiff = 0;
  for (let k = 0; k < js.matrix.length; k++) maxDiff = Math.max(maxDiff, Math.abs(auto.matrix[k]! - js.matrix[k]!));
  assert.ok(maxDiff < 1e-5, `max diff ${maxDiff}`);
  assert.deepEqual(auto.calls, js.calls);
});
