import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAIR_MAGNITUDE_MAX, quantizePerColumn, quantizePerRow, quantizeValue, roundHalfToEven } from '../../src/quantize/int8-weights.js';

test('per-column scales are (m1 + m2) / 127 of the two largest magnitudes, worked by hand', () => {
  // Columns whose two largest magnitudes add up to 127/64 and 127/128 make the scales exactly
  // 1/64 and 1/128, so every quotient below is exact in binary floating point and the ties
  // really are ties. B [in=4, out=3]; column 2 is all zero.
  const b = Float32Array.of(
    63 / 64, -5 / 256, 0,
    -1.0, 0.5, 0,
    3 / 128, 63 / 128, 0,
    0.3, 0.1, 0,
  );
  const { values, scales } = quantizePerColumn(b, 4, 3);
  assert.deepEqual(Array.from(scales), [1 / 64, 1 / 128, 1]);
  // Column 0: 63, -64, (3/128) * 64 = 1.5 -> 2 (tie to even), 0.3 * 64 = 19.2 -> 19.
  // Column 1: (-5/256) * 128 = -2.5 -> -2 (tie to even), 64, 63, 0.1 * 128 = 12.8 -> 13.
  // Column 2: zeros, scale 1.
  assert.deepEqual(Array.from(values), [63, -2, 0, -64, 64, 0, 2, 63, 0, 19, 13, 0]);
  for (const s of scales) assert.ok(Number.isFinite(s) && s > 0);
});

test('no two values of a column add up to more than 128 in magnitude, the int16-safe bound', () => {
  // 255 (the largest u8 activation) x 128 = 32640 <= 32767: a vpmaddubsw pair cannot saturate.
  assert.equal(PAIR_MAGNITUDE_MAX, 128);
  let seed = 11;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const [rows, cols] = [200, 40];
  // Heavy tails and ties: column c draws from a Student-t-like mix, some columns repeat one value.
  const b = Float32Array.from({ length: rows * cols }, (_, i) => {
    const c = i % cols;
    if (c % 8 === 0) return c % 16 === 0 ? 0.5 : -0.5;
    const u = next() - 0.5;
    return u / Math.max(0.05, next() ** (c % 3));
  });
  const { values } = quantizePerColumn(b, rows, cols);
  for (let c = 0; c < cols; c++) {
    const mags = Array.from({ length: rows }, (_, r) => Math.abs(values[r * cols + c] as number)).sort((x, y) => y - x);
    assert.ok((mags[0] as number) + (mags[1] as number) <= PAIR_MAGNITUDE_MAX, `column ${c}: ${mags[0]} + ${mags[1]}`);
    assert.ok((mags[0] as number) >= 63, `column ${c}: the largest value uses the range (${mags[0]})`);
  }
  // Equal magnitudes sit at the bound (64 + 64); one weight alone may use all of 127.
  assert.deepEqual(Array.from(quantizePerColumn(Float32Array.of(1, 1), 2, 1).values), [64, 64]);
  assert.deepEqual(Array.from(quantizePerColumn(Float32Array.of(1, 0, 0), 3, 1).values), [127, 0, 0]);
});

test('an all-zero matrix quantizes to zeros with finite scales: no division by zero, no NaN', () => {
  const { values, scales } = quantizePerColumn(new Float32Array(6), 2, 3);
  assert.deepEqual(Array.from(values), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(scales), [1, 1, 1]);
  const rows = quantizePerRow(new Float32Array(4), 2, 2);
  assert.deepEqual(Array.from(rows.values), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(rows.scales), [1, 1]);
});

test('every value of a channel dequantizes within half a step of its weight', () => {
  const b = Float32Array.of(0.4, -0.9, -0.8, 0.3, 0.1, 0.05);
  const { values, scales } = quantizePerColumn(b, 3, 2);
  assert.equal(values[2], -85); // column 0: |-0.8| and 0.4 are the two largest: 0.8 * 127 / 1.2
  assert.equal(values[1], -95); // column 1: |-0.9| and 0.3: 0.9 * 127 / 1.2 = 95.25
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
