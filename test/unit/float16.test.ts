import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBfloat16, decodeFloat16, encodeFloat16, float16BitsToNumber, float32ToFloat16Bits } from '../../src/onnx/float16.js';
import { halfBits, halfValue } from '../support/safetensors-writer.js';

test('fp16 decoding of hand-picked bit patterns', () => {
  assert.equal(float16BitsToNumber(0x3c00), 1);
  assert.equal(float16BitsToNumber(0xc000), -2);
  assert.equal(float16BitsToNumber(0x7bff), 65504);
  assert.equal(float16BitsToNumber(0x0001), 2 ** -24);
  assert.equal(float16BitsToNumber(0x0400), 2 ** -14);
  assert.equal(float16BitsToNumber(0x3555), Math.fround(0.333251953125));
  assert.equal(float16BitsToNumber(0x7c00), Infinity);
  assert.equal(float16BitsToNumber(0xfc00), -Infinity);
  assert.ok(Number.isNaN(float16BitsToNumber(0x7e00)));
  assert.ok(Object.is(float16BitsToNumber(0x8000), -0));
});

test('fp16 encoding rounds to nearest, ties to even', () => {
  assert.equal(float32ToFloat16Bits(1), 0x3c00);
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11), 0x3c00, 'halfway between 1 and 1+2^-10 goes to the even 1');
  assert.equal(float32ToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02, 'halfway between odd and even mantissas goes to even');
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01, 'just above halfway rounds up');
  assert.equal(float32ToFloat16Bits(65504), 0x7bff);
  assert.equal(float32ToFloat16Bits(65520), 0x7c00, '65520 rounds up to infinity');
  assert.equal(float32ToFloat16Bits(2 ** -25), 0x0000, 'half the smallest subnormal ties to zero');
  assert.equal(float32ToFloat16Bits(3 * 2 ** -25), 0x0002, '1.5 units ties to the even 2');
  assert.equal(float32ToFloat16Bits(-0), 0x8000);
  assert.equal(float32ToFloat16Bits(NaN) & 0x7e00, 0x7e00);
});

test('every finite fp16 value survives decode then encode, and agrees with the independent test encoder', () => {
  for (let h = 0; h < 0x10000; h++) {
    if ((h & 0x7c00) === 0x7c00) continue;
    const value = float16BitsToNumber(h);
    assert.equal(float32ToFloat16Bits(value), h);
    assert.equal(value, halfValue(h));
    if (h !== 0x8000) assert.equal(halfBits(value), h);
  }
});

test('encodeFloat16/decodeFloat16 round trip little-endian bytes; bf16 decodes as the top half of float32', () => {
  const values = Float32Array.of(0.1, -2.5, 1024, 3e-6);
  const bits = encodeFloat16(values);
  const bytes = new Uint8Array(bits.buffer);
  const decoded = decodeFloat16(bytes, 4);
  assert.deepEqual([...decoded], [...bits].map((b) => halfValue(b)));
  // 1.0f = 0x3f800000 -> bf16 0x3f80; -2.5f = 0xc0200000 -> 0xc020.
  assert.deepEqual([...decodeBfloat16(Uint8Array.of(0x80, 0x3f, 0x20, 0xc0), 2)], [1, -2.5]);
});
