import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvCache, type KvLayout, type KvTensor } from '../../src/generate/kv-cache.js';

const layout: KvLayout = { entries: [{ past: 'past_key_values.0.key', present: 'present.0.key' }], heads: 2, headDim: 3, dtype: 'float32' };

/** A cache after one step of `steps` tokens whose values encode (row, head, slot, dim). */
function grown(batch: number, steps: number, stepMask: number[]): KvCache {
  const data = Float32Array.from({ length: batch * 2 * steps * 3 }, (_, i) => i);
  const presents = new Map<string, KvTensor>([['past_key_values.0.key', { type: 'float32', data, dims: [batch, 2, steps, 3] }]]);
  return KvCache.afterStep(KvCache.empty(layout, batch), presents, Uint8Array.from(stepMask), steps);
}

test('a step grows the mask and the next positions by the real tokens of each row', () => {
  const cache = grown(2, 3, [0, 1, 1, 1, 1, 1]);
  assert.equal(cache.length, 3);
  assert.deepEqual([...cache.maskRow(0)], [0, 1, 1]);
  assert.deepEqual(cache.nextPositions, [2, 3]);
  assert.equal(cache.byteLength, 2 * 2 * 3 * 3 * 4);
});

test('select copies rows in any order, repeated; expand copies a batch-1 cache; the original is untouched', () => {
  const cache = grown(2, 3, [0, 1, 1, 1, 1, 1]);
  const picked = cache.select([1, 1, 0]);
  const block = 2 * 3 * 3;
  const source = cache.tensor('past_key_values.0.key').data;
  const copy = picked.tensor('past_key_values.0.key').data;
  assert.deepEqual([...copy.subarray(0, block)], [...source.subarray(block, 2 * block)]);
  assert.deepEqual([...copy.subarray(2 * block)], [...source.subarray(0, block)]);
  assert.deepEqual(picked.nextPositions, [3, 3, 2]);
  assert.deepEqual([...picked.maskRow(2)], [0, 1, 1]);
  copy[0] = -1;
  assert.notEqual(source[block], -1);
  const one = cache.select([0]).expand(4);
  assert.equal(one.batch, 4);
  assert.throws(() => cache.expand(3), /expand\(\) takes a batch-1 cache/);
  assert.throws(() => cache.select([2]), /outside the cache's batch of 2/);
  assert.equal(cache.clone().tensor('past_key_values.0.key').data.length, source.length);
});

test('a present output of the wrong shape is refused', () => {
  const presents = new Map<string, KvTensor>([['past_key_values.0.key', { type: 'float32', data: new Float32Array(6), dims: [1, 2, 1, 3] }]]);
  assert.throws(() => KvCache.afterStep(KvCache.empty(layout, 1), presents, Uint8Array.of(1, 1), 2), /has shape \[1, 2, 1, 3\], expected \[1, 2, 2, 3\]/);
});
