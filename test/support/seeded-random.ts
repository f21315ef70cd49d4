/** Deterministic random data for tests, so failures reproduce. */
import { mulberry32 } from './fixtures/random-weights.js';

/** Floats in (0, 1) from the project's own seeded PRNG (mulberry32). */
export const seededRandom = mulberry32;

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
