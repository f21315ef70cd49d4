import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GateError, UsageError } from '../../../src/errors.js';
import { jsonNumber } from '../../../src/report/round-score.js';
import { checkGates, enforceGates, parseGates } from '../../../src/eval/gates.js';

const valid = ['ndcg', 'map', 'p@10'];

test('parseGates: METRIC=VALUE, case-insensitive names', () => {
  assert.deepEqual(parseGates(['ndcg=0.6', 'P@10=0.25'], valid), [{ metric: 'ndcg', min: 0.6 }, { metric: 'p@10', min: 0.25 }]);
});

test('parseGates: unknown metric lists the valid ones; malformed specs are usage errors', () => {
  assert.throws(() => parseGates(['ndgc=0.6'], valid), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && /unknown metric 'ndgc'; valid metrics: ndcg, map, p@10/.test(e.message));
  for (const spec of ['ndcg', 'ndcg=', '=0.5', 'ndcg=high']) assert.throws(() => parseGates([spec], valid), UsageError, spec);
});

test('checkGates / enforceGates: below the minimum or undefined fails, naming each metric', () => {
  const results = checkGates({ ndcg: 0.5, map: NaN, 'p@10': 0.3 }, parseGates(['ndcg=0.6', 'map=0.1', 'p@10=0.3'], valid));
  assert.deepEqual(results.map((r) => r.passed), [false, false, true]);
  assert.throws(() => enforceGates(results), (e: unknown) => e instanceof GateError && e.exitCode === 1 && e.message === 'quality gate failed: ndcg 0.5 < 0.6, map undefined < 0.1');
  assert.doesNotThrow(() => enforceGates(results.slice(2)));
});

test('jsonNumber: full precision, -0 as 0, NaN and infinities as null', () => {
  assert.equal(jsonNumber(0.9660342157), 0.9660342157);
  assert.equal(jsonNumber(-1e-9), -1e-9);
  assert.ok(Object.is(jsonNumber(-0), 0));
  assert.equal(jsonNumber(NaN), null);
  assert.equal(jsonNumber(Infinity), null);
});
