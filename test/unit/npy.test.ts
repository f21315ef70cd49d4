import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeNpy } from '../../src/output/npy.js';

test('npy v1.0 preamble, 64-byte aligned header, little-endian float32 body', () => {
  const bytes = encodeNpy(new Float32Array([1, -2.5, 3, 0.125, 5, 6]), 2, 3);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = new DataView(bytes.buffer).getUint16(8, true);
  assert.equal((10 + headerLength) % 64, 0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
  const body = new DataView(bytes.buffer, 10 + headerLength);
  assert.equal(bytes.length, 10 + headerLength + 24);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => body.getFloat32(i * 4, true)), [1, -2.5, 3, 0.125, 5, 6]);
});

test('rejects a data length that does not match the shape', () => {
  assert.throws(() => encodeNpy(new Float32Array(5), 2, 3), RangeError);
});
