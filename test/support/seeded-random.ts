/** Deterministic random data for tests, so failures reproduce. */

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n x dim row-major matrix of L2-normalised rows with entries drawn from [-1, 1). */
export function randomUnitRows(n: number, dim: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const m = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = rand() * 2 - 1;
      m[i * dim + d] = v;
      norm += v * v;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) m[i * dim + d] = m[i * dim + d]! * scale;
  }
  return m;
}
