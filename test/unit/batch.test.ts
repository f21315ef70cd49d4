import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padBatch } from '../../src/tokenize/batch.js';

test('pads to the longest sequence in the batch with the pad id and a zero mask', () => {
  const b = padBatch([[2, 7, 9, 3], [2, 3]], 1);
  assert.equal(b.batchSize, 2);
  assert.equal(b.seqLength, 4);
  assert.deepEqual([...b.inputIds], [2n, 7n, 9n, 3n, 2n, 3n, 1n, 1n]);
  assert.deepEqual([...b.attentionMask], [1n, 1n, 1n, 1n, 1n, 1n, 0n, 0n]);
  assert.deepEqual([...b.tokenTypeIds], new Array(8).fill(0n));
});

test('a batch of equal lengths carries no padding', () => {
  const b = padBatch([[5, 6], [7, 8]], 0);
  assert.equal(b.seqLength, 2);
  assert.ok(b.attentionMask.every((m) => m === 1n));
});
