import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantizePerColumn, quantizePerRow, quantizeValue, roundHalfToEven } from '../../src/quantize/int8-weights.js';

test('per-column scales are max|w| / 127 and values round(w / scale), worked by hand', () => {
  // Column maxima of 127/64 and 127/128 make the scales exactly 1/64 and 1/128, so every
  // quotient below is exact in binary floating point and the ties really are ties.
  // B [in=3, out=3]; column 2 is all zero.
  const b = Float32Array.of(
    127 / 64, -5 / 256, 0,
    -1.0, 127 / 128, 0,
    3 / 128, 0.3, 0,
  );
  const { values, scales } = quantizePerColumn(b, 3, 3);
  assert.deepEqual(Array.from(scales), [1 / 64, 1 / 128, 1]);
  // Column 0: 127, -1.0 * 64 = -64, (3/128) * 64 = 1.5 -> 2 (tie to even).
  // Column 1: (-5/256) * 128 = -2.5 -> -2 (tie to even), 127, 0.3 * 128 = 38.4 -> 38.
  // Column 2: zeros, scale 1.
  assert.deepEqual(Array.from(values), [127, -2, 0, -64, 127, 0, 2, 38, 0]);
  for (const s of scales) assert.ok(Number.isFinite(s) && s > 0);
});

test('an all-zero matrix quantizes to zeros with finite scales: no division by zero, no NaN', () => {
  const { values, scales } = quantizePerColumn(new Float32Array(6), 2, 3);
  assert.deepEqual(Array.from(values), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(scales), [1, 1, 1]);
  const rows = quantizePerRow(new Float32Array(4), 2, 2);
  assert.deepEqual(Array.from(rows.values), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(rows.scales), [1, 1]);
});

test('the largest magnitude of each channel maps to +-127 and dequantizes within half a step', () => {
  const b = Float32Array.of(0.4, -0.9, -0.8, 0.3, 0.1, 0.05);
  const { values, scales } = quantizePerColumn(b, 3, 2);
  assert.equal(values[2], -127); // column 0: |-0.8| is the max
  assert.equal(values[1], -127); // column 1: |-0.9| is the max
  for (let i = 0; i < b.length; i++) {
    const scale = scales[i % 2] as number;
    assert.ok(Math.abs((values[i] as number) * scale - (b[i] as number)) <= scale / 2 + 1e-9, `element ${i}`);
  }
});

test('per-row scales follow each row of an embedding table', () => {
  // Row maxima 127/32 and 127/256: scales 1/32 and 1/256 exactly.
  const table = Float32Array.of(127 / 32, -1, 0.5, /* row 1 */ 0, -127 / 256, 0.1);
  const { values, scales } = quantizePerRow(table, 2, 3);
  assert.deepEqual(Array.from(scales), [1 / 32, 1 / 256]);
  // Row 0: 127, -32, 16. Row 1: 0, -127, 0.1 * 256 = 25.6 -> 26.
  assert.deepEqual(Array.from(values), [127, -32, 16, 0, -127, 26]);
});

test('rounding is half to even and values clamp to the symmetric range [-127, 127]', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfToEven), [0, 2, 2, 0, -2, -2, 2, -3]);
  assert.equal(quantizeValue(1000, 1), 127);
  assert.equal(quantizeValue(-1000, 1), -127);
});

test('a matrix whose size disagrees with its shape is rejected', () => {
  assert.throws(() => quantizePerColumn(new Float32Array(5), 2, 3), RangeError);
});
