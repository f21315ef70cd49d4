/**
 * Per-word pooling weights and the common component of the lite model. Pure functions over
 * typed arrays; the graph (lite-graph.ts) applies them.
 *
 * Word frequency is not in the vector package, only each word's frequency rank, so p(w) is
 * Zipf's law over the source table: p(rank r, 0-based) = 1 / ((r + 1) · H_N), N = table size.
 */

/** H_N = 1 + 1/2 + ... + 1/N, the Zipf normaliser. */
export function harmonicNumber(n: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += 1 / k;
  return sum;
}

/**
 * Zipf probabilities of 0-based ranks in a table of `sourceSize` words.
 *
 * @example
 * zipfProbabilities(Int32Array.of(0, 1), 2); // [2/3, 1/3]
 */
export function zipfProbabilities(ranks: Int32Array, sourceSize: number): Float64Array {
  const h = harmonicNumber(sourceSize);
  return Float64Array.from(ranks, (r) => 1 / ((r + 1) * h));
}

/**
 * Smooth inverse frequency (Arora, Liang & Ma 2017): a / (a + p(w)). Frequent words ("the",
 * "and") get weights near 0, rare ones near 1.
 */
export function sifWeights(probabilities: Float64Array, a: number): Float64Array {
  return probabilities.map((p) => a / (a + p));
}

/**
 * The common component u (unit length) removed from every sentence vector, computed from the
 * vocabulary instead of a corpus: the top eigenvector of C = Σ_w p(w) y_w y_wᵀ with
 * y_w = weight(w) · v_w, i.e. the first (uncentred) principal component of the weighted word
 * vectors a sentence is summed from, each word counted as often as Zipf says it occurs. Power
 * iteration from the frequency-weighted mean, which is also C's dominant direction in practice.
 * Returns zeros when the vectors are all zero.
 */
export function commonComponent(vectors: Float32Array, weights: Float64Array, probabilities: Float64Array, dim: number): Float64Array {
  const count = weights.length;
  const c = new Float64Array(dim * dim);
  let u = new Float64Array(dim);
  const y = new Float64Array(dim);
  for (let w = 0; w < count; w++) {
    const scale = weights[w] as number;
    const p = probabilities[w] as number;
    for (let d = 0; d < dim; d++) y[d] = scale * (vectors[w * dim + d] as number);
    for (let i = 0; i < dim; i++) {
      const pyi = p * (y[i] as number);
      u[i] = (u[i] as number) + pyi;
      for (let j = i; j < dim; j++) c[i * dim + j] = (c[i * dim + j] as number) + pyi * (y[j] as number);
    }
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) c[i * dim + j] = c[j * dim + i] as number;
  if (normalize(u) === 0) u.fill(1 / Math.sqrt(dim));
  for (let iter = 0; iter < 500; iter++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (c[i * dim + j] as number) * (u[j] as number);
      next[i] = s;
    }
    if (normalize(next) === 0) return new Float64Array(dim);
    let change = 0;
    for (let i = 0; i < dim; i++) change = Math.max(change, Math.abs((next[i] as number) - (u[i] as number)));
    u = next;
    if (change < 1e-12) break;
  }
  return u;
}

/** Scales `v` to unit length in place; returns its former norm. */
function normalize(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return norm;
}
