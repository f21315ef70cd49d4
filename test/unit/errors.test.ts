import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, ModelError, GateError, UsageError } from '../../src/errors.js';

test('InputError names file, line and field', () => {
  const err = new InputError('not a number', { file: 'c.csv', line: 4, field: 'experience' });
  assert.equal(err.message, "c.csv:4: field 'experience': not a number");
  assert.equal(err.exitCode, 2);
});

test('InputError without line names the file only', () => {
  assert.equal(new InputError('empty file', { file: 'c.csv' }).message, 'c.csv: empty file');
});

test('ModelError prefixes the file; GateError exits 1; UsageError exits 2', () => {
  assert.equal(new ModelError('missing', 'm/config.json').message, 'm/config.json: missing');
  assert.equal(new GateError('ndcg 0.5 < 0.6').exitCode, 1);
  assert.equal(new UsageError('bad flag').exitCode, 2);
});
