/**
 * NumPy .npy encoding of a float32 matrix. Written by hand on purpose: the format is a
 * 10-byte preamble plus a Python-dict header (numpy's format spec, version 1.0), and the npm
 * packages for it are unmaintained or pull in a whole ndarray library.
 */

/**
 * @example
 * encodeNpy(new Float32Array([1, 2, 3, 4]), 2, 2); // bytes np.load reads as a (2, 2) float32 array
 */
export function encodeNpy(data: Float32Array, rows: number, cols: number): Uint8Array {
  if (data.length !== rows * cols) throw new RangeError(`npy data length ${data.length} != ${rows} x ${cols}`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  // Magic (6) + version (2) + header length (2) + header must be a multiple of 64, ending in '\n'.
  const unpadded = 10 + header.length + 1;
  header = header + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) {
    out.set(body, 10 + header.length);
  } else {
    // Big-endian host: '<f4' promises little-endian bytes.
    const view = new DataView(out.buffer, 10 + header.length);
    data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  }
  return out;
}
