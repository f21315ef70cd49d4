import assert from 'node:assert/strict';

/**
 * Asserts |actual - expected| <= tolerance, naming both values: for full-precision outputs
 * compared with hand-computed fractions, which may differ from them in the last bits.
 */
export function assertClose(actual: unknown, expected: number, tolerance = 1e-12, what = 'value'): void {
  assert.equal(typeof actual, 'number', `${what}: expected a number, got ${JSON.stringify(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`);
}

/** {@link assertClose} for each key of `expected`; `actual` must have exactly these keys. */
export function assertCloseRecord(actual: Record<string, unknown>, expected: Record<string, number>, tolerance = 1e-12): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const [key, value] of Object.entries(expected)) assertClose(actual[key], value, tolerance, key);
}
