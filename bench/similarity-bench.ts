/**
 * Similarity top-10 of 20,000 x 5,000 unit vectors at 384 dims through the same block code
 * `score` uses: time, achieved GFLOP/s against the measured MatMul peak, and peak RSS growth
 * (memory must stay bounded by the block, never the 400 MB full matrix).
 */
import { fillNormal } from '../test/support/fixtures/random-weights.js';
import { normalizeRows } from '../src/pool/pooling.js';
import { forEachSimilarityBlock } from '../src/similarity/block-similarity.js';
import { TopKGroups } from '../src/similarity/top-k.js';

export async function similarityBench(threads: number, peakGflops: number, nA = 20_000, nB = 5_000, dim = 384): Promise<void> {
  const a = normalizeRows(fillNormal(new Float32Array(nA * dim), 3, 0, 1), nA, dim);
  const b = normalizeRows(fillNormal(new Float32Array(nB * dim), 4, 0, 1), nB, dim);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const groups = new TopKGroups(nA, nB, { k: 10, per: 'candidate' });
  const start = performance.now();
  await forEachSimilarityBlock(a, nA, b, nB, dim, (s, c, block) => {
    groups.addBlock(s, c, block);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, { threads });
  const s = (performance.now() - start) / 1000;
  const gflops = (2 * nA * nB * dim) / s / 1e9;
  console.log(`\nsimilarity top-10, ${nA} x ${nB} at ${dim} dims: ${s.toFixed(2)} s, ${gflops.toFixed(1)} GFLOP/s (${((100 * gflops) / peakGflops).toFixed(0)}% of the fp32 MatMul peak), RSS growth ${((rssPeak - rssBefore) / 2 ** 20).toFixed(0)} MB; best of row 0: ${groups.sorted(0)[0]?.score.toFixed(4)}`);
}
