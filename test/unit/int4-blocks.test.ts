import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dequantizeInt4Blocks, int4Code, int4RowBytes, int4ZeroPoint, quantizeInt4Blocks, roundHalfAway } from '../../src/quantize/int4-blocks.js';
import { fillNormal } from '../support/fixtures/random-weights.js';

/** B [32, 2] row-major from two columns. */
function twoColumns(c0: number[], c1: number[]): Float32Array {
  return Float32Array.from({ length: 64 }, (_, i) => ((i % 2 === 0 ? c0 : c1)[i >> 1] as number));
}

test('a 32 x 2 weight packs to known bytes, worked by hand (asymmetric)', () => {
  // Column 0: [-1.5, 6, 0 x 30]: min -1.5, max 6, scale 7.5 / 15 = 0.5, zero point 1.5 / 0.5 = 3;
  //   codes -3 + 3 = 0, 12 + 3 = 15, then 3s. Column 1: [3, -4.5] repeated: scale 0.5, zero point 9,
  //   codes 15, 0. Each byte: value 2j in the low nibble, 2j + 1 in the high one.
  const c0 = [-1.5, 6, ...new Array<number>(30).fill(0)];
  const c1 = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 3 : -4.5));
  const q = quantizeInt4Blocks(twoColumns(c0, c1), 32, 2);
  assert.deepEqual(Array.from(q.packed), [0xf0, ...new Array<number>(15).fill(0x33), ...new Array<number>(16).fill(0x0f)]);
  assert.deepEqual(Array.from(q.scales), [0.5, 0.5]);
  assert.deepEqual(Array.from(q.zeroPoints as Uint8Array), [3, 9]);
  assert.deepEqual(Array.from(dequantizeInt4Blocks(q)), Array.from(twoColumns(c0, c1)));
});

test('symmetric blocks: the value of largest magnitude maps to code 0 (-8), no zero points', () => {
  // scale = 6 / -8 = -0.75: 6 -> -8 + 8 = 0, -1.5 -> 2 + 8 = 10, 0 -> 8.
  const c0 = [-1.5, 6, ...new Array<number>(30).fill(0)];
  const q = quantizeInt4Blocks(Float32Array.from(c0), 32, 1, { symmetric: true });
  assert.equal(q.zeroPoints, undefined);
  assert.deepEqual(Array.from(q.scales), [-0.75]);
  assert.deepEqual(Array.from(q.packed), [0x0a, ...new Array<number>(15).fill(0x88)]);
  // (0 - 8) * -0.75 is -0: compare as numbers.
  assert.deepEqual(Array.from(dequantizeInt4Blocks(q), (v) => v + 0), c0);
});

test('dequantize(quantize(W)) is within scale / 2 of W, K not a multiple of 32, odd N', () => {
  const [k, n] = [100, 7];
  const w = new Float32Array(k * n);
  fillNormal(w, 5, 0, 0.05);
  w[3 * n + 2] = 2; // an outlier widens one block's scale only
  const q = quantizeInt4Blocks(w, k, n);
  assert.equal(q.blocks, 4);
  assert.equal(q.packed.length, n * 4 * 16);
  assert.equal(q.scales.length, n * 4);
  assert.equal(q.zeroPoints?.length, n * 2);
  const back = dequantizeInt4Blocks(q);
  for (let col = 0; col < n; col++) {
    for (let r = 0; r < k; r++) {
      const scale = q.scales[col * q.blocks + Math.floor(r / 32)] as number;
      const err = Math.abs((back[r * n + col] as number) - (w[r * n + col] as number));
      assert.ok(err <= scale / 2 + 1e-7, `[${r}, ${col}]: error ${err} > scale / 2 = ${scale / 2}`);
    }
    // Rows 100..127 are padding: zeros, stored as the block's zero point.
    for (let i = 100 - 96; i < 32; i++) assert.equal(int4Code(q.packed, (col * q.blocks + 3) * 16, i), int4ZeroPoint(q, col, 3));
  }
  // The outlier's block has a larger scale than its neighbours in the same column.
  assert.ok((q.scales[2 * 4] as number) > 4 * (q.scales[2 * 4 + 1] as number));
});

test('an odd block count leaves the last zero-point byte with an empty high nibble; zero blocks stay zero', () => {
  const [k, n] = [96, 2];
  const w = new Float32Array(k * n);
  fillNormal(w, 9, 0, 1);
  for (let r = 32; r < 64; r++) w[r * n + 1] = 0; // column 1, block 1: all zero
  const q = quantizeInt4Blocks(w, k, n);
  assert.equal(q.blocks, 3);
  const zp = q.zeroPoints as Uint8Array;
  assert.equal(zp.length, 4);
  assert.equal((zp[1] as number) >> 4, 0);
  assert.equal((zp[3] as number) >> 4, 0);
  assert.equal(q.scales[1 * 3 + 1], 0);
  const back = dequantizeInt4Blocks(q);
  for (let r = 32; r < 64; r++) assert.equal(back[r * n + 1], 0);
});

test("'rows' layout quantizes a table's rows exactly like the columns of its transpose", () => {
  const [rows, width] = [5, 48];
  const table = new Float32Array(rows * width);
  fillNormal(table, 3, 0, 0.1);
  const transposed = Float32Array.from({ length: rows * width }, (_, i) => table[(i % rows) * width + Math.floor(i / rows)] as number);
  const a = quantizeInt4Blocks(table, width, rows, { layout: 'rows' });
  const b = quantizeInt4Blocks(transposed, width, rows);
  assert.deepEqual(a.packed, b.packed);
  assert.deepEqual(a.scales, b.scales);
  assert.deepEqual(a.zeroPoints, b.zeroPoints);
});

test('row bytes drop the padding of a partial last block (GatherBlockQuantized layout)', () => {
  const [rows, width] = [3, 48];
  const table = new Float32Array(rows * width);
  fillNormal(table, 4, 0, 0.1);
  const q = quantizeInt4Blocks(table, width, rows, { layout: 'rows' });
  const bytes = int4RowBytes(q);
  assert.equal(bytes.length, rows * 24);
  for (let row = 0; row < rows; row++) {
    for (let i = 0; i < width; i++) {
      const b = Math.floor(i / 32);
      assert.equal(int4Code(bytes, row * 24, i), int4Code(q.packed, (row * q.blocks + b) * 16, i - 32 * b));
    }
  }
  // Whole blocks: the padded layout already is the row layout.
  const whole = quantizeInt4Blocks(new Float32Array(2 * 64).fill(0.5), 64, 2, { layout: 'rows' });
  assert.equal(int4RowBytes(whole), whole.packed);
});

test('rounding is half away from zero, as C roundf', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -2.5, 2.4].map(roundHalfAway), [1, 2, 3, -1, -3, 2]);
});

test('shapes and block sizes are checked', () => {
  assert.throws(() => quantizeInt4Blocks(new Float32Array(10), 3, 3), RangeError);
  assert.throws(() => quantizeInt4Blocks(new Float32Array(48), 48, 1, { blockSize: 24 }), RangeError);
  assert.throws(() => quantizeInt4Blocks(new Float32Array(8), 8, 1, { blockSize: 8 }), RangeError);
});
