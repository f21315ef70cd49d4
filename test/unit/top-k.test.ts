import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopK, TopKGroups, type ScoredIndex } from '../../src/similarity/top-k.js';
import { seededRandom } from '../support/seeded-random.js';

/** Reference: full sort with the same order (score desc, index asc), then the first k. */
function bySort(scores: readonly number[], k: number, minScore = -Infinity): ScoredIndex[] {
  return scores
    .map((score, index) => ({ index, score }))
    .filter((x) => x.score >= minScore)
    .sort((x, y) => y.score - x.score || x.index - y.index)
    .slice(0, k);
}

test('keeps the k best, best first', () => {
  const top = new TopK(3);
  [0.2, 0.9, 0.5, 0.1, 0.7, 0.3].forEach((s, i) => top.push(s, i));
  assert.deepEqual(top.sorted(), [{ index: 1, score: 0.9 }, { index: 4, score: 0.7 }, { index: 2, score: 0.5 }]);
});

test('equal scores: lower index wins, whatever the arrival order', () => {
  const forward = new TopK(2);
  const backward = new TopK(2);
  const items: Array<[number, number]> = [[0.5, 4], [0.5, 1], [0.5, 3], [0.5, 2]];
  for (const [s, i] of items) forward.push(s, i);
  for (const [s, i] of [...items].reverse()) backward.push(s, i);
  const expected = [{ index: 1, score: 0.5 }, { index: 2, score: 0.5 }];
  assert.deepEqual(forward.sorted(), expected);
  assert.deepEqual(backward.sorted(), expected);
});

test('k larger than n keeps everything; k = 0 keeps nothing; NaN is never kept', () => {
  const big = new TopK(10);
  [0.3, 0.1, NaN, 0.2].forEach((s, i) => big.push(s, i));
  assert.deepEqual(big.sorted(), [{ index: 0, score: 0.3 }, { index: 3, score: 0.2 }, { index: 1, score: 0.1 }]);
  const none = new TopK(0);
  none.push(1, 0);
  assert.deepEqual(none.sorted(), []);
});

test('agrees with a full sort on random data with many ties', () => {
  const rand = seededRandom(7);
  for (let trial = 0; trial < 50; trial++) {
    const n = 1 + Math.floor(rand() * 200);
    const k = 1 + Math.floor(rand() * 20);
    // Scores on a coarse grid so ties are common.
    const scores = Array.from({ length: n }, () => Math.round(rand() * 20) / 20 - 0.2);
    const top = new TopK(k);
    scores.forEach((s, i) => top.push(s, i));
    assert.deepEqual(top.sorted(), bySort(scores, k), `trial ${trial}`);
  }
});

/** A random candidates x jobs matrix on a coarse grid, as float32. */
function randomMatrix(nC: number, nJ: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: nC * nJ }, () => Math.round(rand() * 10) / 10 - 0.1);
}

function feed(groups: TopKGroups, matrix: Float32Array, nC: number, nJ: number, blockRows: number): void {
  for (let start = 0; start < nC; start += blockRows) {
    const count = Math.min(blockRows, nC - start);
    groups.addBlock(start, count, matrix.subarray(start * nJ, (start + count) * nJ));
  }
}

for (const minScore of [undefined, 0.45]) {
  test(`per job: best candidates per column match a sort (minScore ${minScore})`, () => {
    const nC = 23, nJ = 5, k = 4;
    const matrix = randomMatrix(nC, nJ, 11);
    const groups = new TopKGroups(nC, nJ, { k, per: 'job', ...(minScore === undefined ? {} : { minScore }) });
    feed(groups, matrix, nC, nJ, 3);
    assert.equal(groups.groupCount, nJ);
    for (let j = 0; j < nJ; j++) {
      const column = Array.from({ length: nC }, (_, c) => matrix[c * nJ + j]!);
      assert.deepEqual(groups.sorted(j), bySort(column, k, minScore), `job ${j}`);
    }
  });

  test(`per candidate: best jobs per row match a sort (minScore ${minScore})`, () => {
    const nC = 9, nJ = 14, k = 3;
    const matrix = randomMatrix(nC, nJ, 12);
    const groups = new TopKGroups(nC, nJ, { k, per: 'candidate', ...(minScore === undefined ? {} : { minScore }) });
    feed(groups, matrix, nC, nJ, 4);
    assert.equal(groups.groupCount, nC);
    for (let c = 0; c < nC; c++) {
      const row = Array.from(matrix.subarray(c * nJ, (c + 1) * nJ));
      assert.deepEqual(groups.sorted(c), bySort(row, k, minScore), `candidate ${c}`);
    }
  });
}

test('minScore keeps a score equal to it and can leave a group empty', () => {
  const groups = new TopKGroups(3, 1, { k: 5, per: 'job', minScore: 0.5 });
  groups.addBlock(0, 3, Float32Array.from([0.5, 0.25, 0.75]));
  assert.deepEqual(groups.sorted(0), [{ index: 2, score: 0.75 }, { index: 0, score: 0.5 }]);
  const strict = new TopKGroups(2, 1, { k: 5, per: 'candidate', minScore: 0.9 });
  strict.addBlock(0, 2, Float32Array.from([0.5, 0.25]));
  assert.deepEqual(strict.sorted(0), []);
  assert.deepEqual(strict.sorted(1), []);
});

test('rejects blocks outside the matrix', () => {
  const groups = new TopKGroups(2, 2, { k: 1, per: 'job' });
  assert.throws(() => groups.addBlock(1, 2, new Float32Array(4)), /do not fit 2 x 2/);
  assert.throws(() => groups.sorted(2), /out of range/);
});
