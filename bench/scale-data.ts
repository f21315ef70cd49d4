/**
 * Synthetic embeddings for the scale benchmark. Uniform random vectors in 384 dims are all
 * nearly orthogonal, which no real embedding set is (and which makes HNSW look worse than it
 * is): here vectors are drawn around `clusters` random centres, unit centre plus Gaussian noise
 * of norm about `noise`, then re-normalised. With noise 1, a vector is at cosine ~0.71 to its
 * centre and ~0.5 to others of its cluster, ~0 to the rest, like texts about one kind of job.
 */
import { randomUnitRows, seededRandom } from '../test/support/seeded-random.js';

export interface ClusteredSet {
  vectors: Float32Array;
  count: number;
  dim: number;
}

/**
 * @example
 * const candidates = clusteredVectors(200_000, 384, centres, 1, 7);
 */
export function clusteredVectors(count: number, dim: number, centres: ClusteredSet, noise: number, seed: number): ClusteredSet {
  const rand = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const vectors = new Float32Array(count * dim);
  const scale = noise / Math.sqrt(dim);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rand() * centres.count);
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = centres.vectors[c * dim + d]! + scale * gauss();
      vectors[i * dim + d] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = vectors[i * dim + d]! * inv;
  }
  return { vectors, count, dim };
}

export function randomCentres(count: number, dim: number, seed: number): ClusteredSet {
  return { vectors: randomUnitRows(count, dim, seed), count, dim };
}
