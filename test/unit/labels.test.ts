import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelFor, validateThresholds, DEFAULT_THRESHOLDS } from '../../src/report/labels.js';
import { UsageError } from '../../src/errors.js';

test('default thresholds: good >= 0.6, bad <= 0.3, inclusive at the boundary', () => {
  assert.deepEqual({ ...DEFAULT_THRESHOLDS }, { good: 0.6, bad: 0.3 });
  assert.equal(labelFor(0.6), 'good');
  assert.equal(labelFor(0.5999999), 'mid');
  assert.equal(labelFor(0.3), 'bad');
  assert.equal(labelFor(0.3000001), 'mid');
  assert.equal(labelFor(1), 'good');
  assert.equal(labelFor(-0.4), 'bad');
});

test('custom thresholds', () => {
  const t = { good: 0.8, bad: 0.5 };
  assert.equal(labelFor(0.8, t), 'good');
  assert.equal(labelFor(0.79, t), 'mid');
  assert.equal(labelFor(0.5, t), 'bad');
});

test('bad must be below good; both must be numbers', () => {
  assert.throws(() => labelFor(0.5, { good: 0.3, bad: 0.6 }), (err: unknown) =>
    err instanceof UsageError && err.message === 'label thresholds: bad (0.6) must be lower than good (0.3)');
  assert.throws(() => validateThresholds({ good: 0.5, bad: 0.5 }), UsageError);
  assert.throws(() => validateThresholds({ good: NaN, bad: 0.1 }), /must be numbers/);
  assert.deepEqual(validateThresholds({ good: 0.7, bad: 0.2 }), { good: 0.7, bad: 0.2 });
});
