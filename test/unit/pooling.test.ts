import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRows, poolTokens, truncateDims } from '../../src/pool/pooling.js';

// batch 2, seq 3, dim 2; row 1 has its last position padded with a huge value that must not leak.
const hidden = new Float32Array([1, 2, 3, 4, 5, 6, /* row 1 */ -1, 0, 3, 2, 1000, 1000]);
const mask = new BigInt64Array([1n, 1n, 1n, 1n, 1n, 0n]);

test('mean pooling averages only unmasked positions', () => {
  assert.deepEqual([...poolTokens('mean', hidden, mask, 2, 3, 2)], [3, 4, 1, 1]);
});

test('max pooling ignores padding; cls takes position 0', () => {
  assert.deepEqual([...poolTokens('max', hidden, mask, 2, 3, 2)], [5, 6, 3, 2]);
  assert.deepEqual([...poolTokens('cls', hidden, mask, 2, 3, 2)], [1, 2, -1, 0]);
});

test('an all-padding row pools to zeros, never NaN or -Infinity', () => {
  const none = new BigInt64Array(3);
  assert.deepEqual([...poolTokens('mean', hidden.subarray(0, 6), none, 1, 3, 2)], [0, 0]);
  assert.deepEqual([...poolTokens('max', hidden.subarray(0, 6), none, 1, 3, 2)], [0, 0]);
});

test('pooling rejects inconsistent shapes', () => {
  assert.throws(() => poolTokens('mean', hidden, mask, 2, 3, 3), RangeError);
});

test('normalizeRows gives unit rows and leaves a zero row at zero', () => {
  const rows = normalizeRows(new Float32Array([3, 4, 0, 0]), 2, 2);
  assert.ok(Math.abs((rows[0] as number) - 0.6) < 1e-7 && Math.abs((rows[1] as number) - 0.8) < 1e-7);
  assert.deepEqual([...rows.subarray(2)], [0, 0]);
});

test('Matryoshka truncation keeps the first D dims and re-normalises', () => {
  const v = normalizeRows(new Float32Array([3, 4, 12, 0, /* row 1 */ 0, 2, 0, 5]), 2, 4);
  const cut = truncateDims(v, 2, 4, 2);
  assert.equal(cut.length, 4);
  assert.ok(Math.abs((cut[0] as number) - 0.6) < 1e-6 && Math.abs((cut[1] as number) - 0.8) < 1e-6);
  assert.ok(Math.abs((cut[2] as number) - 0) < 1e-6 && Math.abs((cut[3] as number) - 1) < 1e-6);
  assert.throws(() => truncateDims(v, 2, 4, 5), RangeError);
  assert.throws(() => truncateDims(v, 2, 4, 0), RangeError);
});
