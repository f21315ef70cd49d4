import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erf } from '../support/erf.js';

// Values from Python's math.erf (C libm), printed with repr.
const KNOWN: Array<[number, number]> = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [-1.5, -0.9661051464753108],
  [2, 0.9953222650189527],
  [2.9, 0.9999589021219005],
  [3, 0.9999779095030014],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
];

test('reference erf agrees with libm to 1e-15 on both sides of the series/fraction switch', () => {
  for (const [x, expected] of KNOWN) {
    assert.ok(Math.abs(erf(x) - expected) < 1e-15, `erf(${x}) = ${erf(x)}, expected ${expected}`);
  }
});

test('reference erf is odd and saturates', () => {
  assert.equal(erf(-0.7), -erf(0.7));
  assert.equal(erf(30), 1);
  assert.equal(erf(-Infinity), -1);
  assert.ok(Number.isNaN(erf(NaN)));
});
