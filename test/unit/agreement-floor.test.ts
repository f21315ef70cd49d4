import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GateError } from '../../src/errors.js';
import { belowFloor, DEFAULT_AGREEMENT_FLOOR } from '../../src/quantize/agreement.js';
import { enforceFloor } from '../../src/quantize/agreement-gate.js';
import { quantizeModelDirectory } from '../../src/quantize/quantize-model-dir.js';
import { TINY_MODEL } from '../support/cli.js';

test('belowFloor names each failed part; NaN (no texts) fails; the default floor is 0.99 / 0.98', () => {
  assert.deepEqual(DEFAULT_AGREEMENT_FLOOR, { mean: 0.99, min: 0.98 });
  const floor = { mean: 0.99, min: 0.98 };
  assert.deepEqual(belowFloor({ texts: 12, mean: 0.995, min: 0.985 }, floor), []);
  assert.deepEqual(belowFloor({ texts: 12, mean: 0.99, min: 0.98 }, floor), [], 'the floor itself passes');
  assert.deepEqual(belowFloor({ texts: 12, mean: 0.9403724, min: 0.9212344 }, floor), ['mean 0.94037 < 0.99', 'min 0.92123 < 0.98']);
  assert.deepEqual(belowFloor({ texts: 12, mean: 0.995, min: 0.97 }, floor), ['min 0.97000 < 0.98']);
  // Enough digits that a value just under the floor never prints as the floor.
  assert.deepEqual(belowFloor({ texts: 1, mean: 0.9999996, min: 0.9999996 }, { mean: 1, min: 0 }), ['mean 0.9999996 < 1']);
  assert.deepEqual(belowFloor({ texts: 0, mean: NaN, min: NaN }, floor), ['mean NaN < 0.99', 'min NaN < 0.98']);
});

test('a failed agreement check in beforeCommit leaves nothing behind and an existing output as it was', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'resumator-floor-'));
  const out = path.join(root, 'int8');
  const texts = ['Python developer', 'ICU nurse'];
  const seen: number[] = [];
  const check = (floor: { mean: number; min: number }) => async (staged: string): Promise<void> => {
    assert.ok(existsSync(path.join(staged, 'model.onnx')) && path.resolve(staged) !== path.resolve(out), 'runs on the staged copy, before the rename');
    await enforceFloor(TINY_MODEL, staged, texts, { task: 'encoder', floor }, { type: 'int8', threads: 1, target: `'${out}'`, onMeasured: (a) => seen.push(a.task === 'encoder' ? a.agreement.mean : NaN) });
  };
  await assert.rejects(quantizeModelDirectory(TINY_MODEL, out, { beforeCommit: check({ mean: 1, min: 1 }) }), (err: unknown) => err instanceof GateError && err.exitCode === 1 && /was not written$/.test(err.message));
  assert.deepEqual(readdirSync(root), []);
  assert.equal(seen.length, 1, 'the agreement is reported even when it fails');
  await quantizeModelDirectory(TINY_MODEL, out, { beforeCommit: check(DEFAULT_AGREEMENT_FLOOR) });
  const manifest = readFileSync(path.join(out, 'resumator.json'), 'utf8');
  await assert.rejects(quantizeModelDirectory(TINY_MODEL, out, { force: true, encoding: 'standard', beforeCommit: check({ mean: 1, min: 0 }) }), GateError);
  assert.equal(readFileSync(path.join(out, 'resumator.json'), 'utf8'), manifest, 'the existing (contrib) model stays');
  assert.deepEqual(readdirSync(root), ['int8']);
});
