import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { blendScores, guardedMinMax, MIN_SPAN, strictlyDecreasing } from '../../src/rerank/blend.js';
import { argmax, ceScore, checkCeScoreMode, coreClass, softmax } from '../../src/rerank/ce-score.js';

const close = (actual: ArrayLike<number>, expected: readonly number[], tol = 1e-12): void => {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs((actual[i] as number) - e) <= tol, `[${i}] ${actual[i]} vs ${e}`));
};

test('min-max over a wide range is plain (x - min) / (max - min)', () => {
  close(guardedMinMax([2, -1, 0.5, 5], 1), [0.5, 0, 0.25, 1]);
});

test('all K scores equal, and K = 1, normalise to 0.5', () => {
  close(guardedMinMax([3, 3, 3], 1), [0.5, 0.5, 0.5]);
  close(guardedMinMax([-7], 1), [0.5]);
  close(guardedMinMax([], 1), []);
});

test('a uniformly weak batch is not stretched to [0, 1]', () => {
  // P(core) 0.01..0.03: range 0.02 < 0.1, so the values stay within 0.5 ± 0.1.
  close(guardedMinMax([0.01, 0.02, 0.03], MIN_SPAN['p-core']), [0.4, 0.5, 0.6]);
  // At exactly the span the two definitions meet (continuity).
  close(guardedMinMax([0, 0.1], 0.1), [0, 1]);
});

test('blend = alpha · norm(bi) + (1 - alpha) · norm(ce)', () => {
  const bi = [0.9, 0.7, 0.5];
  const ce = [-2, 4, 1];
  // norm(bi) = [1, 0.5, 0]; norm(ce) = [0, 1, 0.5]
  close(blendScores(bi, ce, 0.7, { bi: 0.05, ce: 1 }), [0.7, 0.65, 0.15]);
  close(blendScores(bi, ce, 1, { bi: 0.05, ce: 1 }), [1, 0.5, 0]);
  close(blendScores(bi, ce, 0, { bi: 0.05, ce: 1 }), [0, 1, 0.5]);
});

test('when the cross-encoder cannot tell the skills apart, the bi-encoder order stands', () => {
  const final = blendScores([0.8, 0.6, 0.4], [1.5, 1.5, 1.5], 0.7, { bi: 0.05, ce: 1 });
  close(final, [0.7 + 0.15, 0.35 + 0.15, 0.15]);
});

test('strictlyDecreasing keeps order and makes ties distinct at 6 decimals', () => {
  assert.deepEqual([...strictlyDecreasing([0.9, 0.9, 0.9, 0.3])], [0.9, 0.899999, 0.899998, 0.3]);
  assert.deepEqual([...strictlyDecreasing([0.5000004, 0.5000001])], [0.5, 0.499999]);
  assert.deepEqual([...strictlyDecreasing([-1.1, -1.2])], [-1.1, -1.2]);
});

test('softmax is undefined for a single logit and sums to 1 otherwise', () => {
  assert.equal(softmax([3.2]), undefined);
  close(softmax([0, Math.log(3)]) as number[], [0.25, 0.75]);
  close(softmax([1000, 1000, 1000]) as number[], [1 / 3, 1 / 3, 1 / 3]);
});

test('ce score modes: core logit, P(core), expected class', () => {
  const logits = [0, Math.log(2), Math.log(5)]; // probabilities 1/8, 2/8, 5/8
  const p = softmax(logits);
  assert.equal(ceScore(logits, p, 'logit', 2), Math.log(5));
  assert.ok(Math.abs(ceScore(logits, p, 'p-core', 2) - 5 / 8) < 1e-12);
  assert.ok(Math.abs(ceScore(logits, p, 'expected', 2) - (2 / 8 + 2 * (5 / 8))) < 1e-12);
  assert.equal(ceScore([-4.5], undefined, 'logit', 0), -4.5);
});

test('the core class is the label named core, else the last class', () => {
  assert.equal(coreClass(['irrelevant', 'contextual', 'core']), 2);
  assert.equal(coreClass(['Core', 'other']), 0);
  assert.equal(coreClass(['LABEL_0']), 0);
  assert.equal(argmax([0.1, 0.3, 0.3]), 1);
});

test('probability modes on a single-logit model are a usage error naming the choice that works', () => {
  assert.throws(() => checkCeScoreMode('p-core', ['LABEL_0'], 'ms-marco'), (err: unknown) => err instanceof UsageError && /single logit.*--ce-score logit/.test(err.message));
  assert.doesNotThrow(() => checkCeScoreMode('logit', ['LABEL_0'], 'ms-marco'));
  assert.doesNotThrow(() => checkCeScoreMode('expected', ['a', 'b', 'c'], 'x'));
});
