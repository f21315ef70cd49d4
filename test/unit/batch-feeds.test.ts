import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { padBatch } from '../../src/tokenize/batch.js';
import { batchFeeds } from '../../src/tokenize/batch-feeds.js';

const batch = padBatch([[2, 7, 3], [2, 3]], 0);

test('feeds exactly the inputs the graph declares, as int64 [batch, sequence]', () => {
  const bert = batchFeeds(batch, ['input_ids', 'attention_mask', 'token_type_ids'], 'm.onnx');
  assert.deepEqual(Object.keys(bert), ['input_ids', 'attention_mask', 'token_type_ids']);
  assert.deepEqual(bert['input_ids']?.dims, [2, 3]);
  assert.deepEqual([...(bert['input_ids']?.data as BigInt64Array)], [2n, 7n, 3n, 2n, 3n, 0n]);
  assert.deepEqual([...(bert['attention_mask']?.data as BigInt64Array)], [1n, 1n, 1n, 1n, 1n, 0n]);
  // MPNet and RoBERTa take no token_type_ids.
  assert.deepEqual(Object.keys(batchFeeds(batch, ['input_ids', 'attention_mask'], 'm.onnx')), ['input_ids', 'attention_mask']);
});

test('an input the pipeline cannot fill names the input and the model file', () => {
  assert.throws(
    () => batchFeeds(batch, ['input_ids', 'pixel_values'], 'models/x/model.onnx'),
    (err: unknown) => err instanceof ModelError && /models\/x\/model\.onnx: unexpected model input 'pixel_values'/.test(err.message),
  );
});
