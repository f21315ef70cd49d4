import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-quant-'));
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test('models quantize: text report with the real size ratio and a cosine agreement >= 0.99', async () => {
  const out = path.join(scratch(), 'tiny-int8');
  const r = await runCli(['models', 'quantize', TINY_MODEL, out, '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  const ratio = statSync(path.join(out, 'model.onnx')).size / statSync(path.join(TINY_MODEL, 'model.onnx')).size;
  assert.match(r.stdout, new RegExp(`^quantized ${TINY_MODEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -> ${out}`, 'm'));
  assert.match(r.stdout, new RegExp(`\\(size ratio ${ratio.toFixed(3)}\\)`));
  assert.match(r.stdout, /int8: 12 MatMul weights, 2 embedding tables \(53,120 parameters\); float32: 832 parameters/);
  const cosine = /cosine int8 vs fp32 on 12 sample texts: mean ([\d.]+), min ([\d.]+)/.exec(r.stdout);
  assert.ok(cosine !== null, r.stdout);
  assert.ok(Number(cosine[1]) >= 0.99 && Number(cosine[2]) <= Number(cosine[1]), r.stdout);
  assert.match(r.stdout, /\n  agreement floor: mean >= 0\.99, min >= 0\.98: passed\n$/);
});

test('models quantize below the agreement floor: exit 1 naming the values and the floor, nothing written, an existing OUT_DIR kept', async () => {
  const root = scratch();
  const out = path.join(root, 'int8');
  // int8 never reproduces float32 exactly, so a floor of 1 always fails: the gate, not the kernel, is under test.
  const r = await runCli(['models', 'quantize', TINY_MODEL, out, '--min-cosine', '1', '--min-text-cosine', '1', '--threads', '1']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^error: int8 model below the agreement floor: cosine int8 vs fp32 on 12 sample texts mean 0\.9\d+ < 1, min 0\.9\d+ < 1 \(floor: mean >= 1, min >= 1; --min-cosine, --min-text-cosine\); '.*int8' was not written\n$/,
  );
  assert.match(r.stdout, /^quantized .* -> .*int8 \(not written: below the agreement floor\)$/m);
  assert.match(r.stdout, /agreement floor: mean >= 1, min >= 1: FAILED/);
  assert.deepEqual(readdirSync(root), [], 'no output and no temporary directory');
  // With --force an existing directory is only replaced by a model that passes.
  const first = await runCli(['models', 'quantize', TINY_MODEL, out]);
  assert.equal(first.code, 0, first.stderr);
  const before = sha256(path.join(out, 'model.onnx'));
  const json = await runCli(['models', 'quantize', TINY_MODEL, out, '--force', '--min-cosine', '1', '--format', 'json', '--encoding', 'standard']);
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout) as { passed: boolean; floor: { mean: number; min: number }; cosine: { mean: number } };
  assert.equal(report.passed, false);
  assert.deepEqual(report.floor, { mean: 1, min: 0.98 });
  assert.ok(report.cosine.mean < 1);
  assert.match(json.stderr, /^error: int8 model below the agreement floor: .* mean 0\.9\d+ < 1 \(floor: mean >= 1, min >= 0\.98;/);
  assert.equal(sha256(path.join(out, 'model.onnx')), before, 'the existing int8 model is untouched');
  assert.deepEqual(readdirSync(root), ['int8']);
  const bad = await runCli(['models', 'quantize', TINY_MODEL, path.join(root, 'x'), '--min-cosine', '1.5']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--min-cosine <c>' argument '1\.5' is invalid\. must be between 0 and 1/);
});

test('models quantize --format json --sample FILE: values match the files written', async () => {
  const root = scratch();
  const sample = path.join(root, 'sample.txt');
  writeFileSync(sample, 'Python developer\n\n  nurse with ICU experience  \r\nwarehouse forklift operator\n');
  const out = path.join(root, 'int8');
  const r = await runCli(['models', 'quantize', TINY_MODEL, out, '--sample', sample, '--format', 'json', '--encoding', 'standard']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  const modelFile = path.join(out, 'model.onnx');
  assert.equal(json['output'], out);
  assert.equal(json['bytes'], statSync(modelFile).size);
  assert.equal(json['size_ratio'], statSync(modelFile).size / statSync(path.join(TINY_MODEL, 'model.onnx')).size);
  assert.equal(json['sha256'], sha256(modelFile));
  assert.equal(json['source_sha256'], sha256(path.join(TINY_MODEL, 'model.onnx')));
  assert.equal(json['encoding'], 'standard');
  assert.equal(json['matmuls'], 12);
  const cosine = json['cosine'] as { texts: number; mean: number; min: number };
  assert.equal(cosine.texts, 3); // blank lines skipped
  assert.ok(cosine.mean >= 0.99 && cosine.min <= cosine.mean && cosine.mean <= 1 + 1e-6);
});

test('models quantize: default output DIR-int8, refused when it exists, replaced with --force', async () => {
  const root = scratch();
  const src = path.join(root, 'tiny');
  const copy = await runCli(['models', 'quantize', TINY_MODEL, src]);
  assert.equal(copy.code, 0, copy.stderr);
  // src is now an int8 model: quantizing it again is refused.
  const again = await runCli(['models', 'quantize', src]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^error: .*model\.onnx: the model is already quantized/);
  const first = await runCli(['models', 'quantize', TINY_MODEL, `${src}-fp32-check`]);
  assert.equal(first.code, 0);
  const exists = await runCli(['models', 'quantize', TINY_MODEL, `${src}-fp32-check`]);
  assert.equal(exists.code, 2);
  assert.match(exists.stderr, /already exists; pass --force to replace it/);
  const forced = await runCli(['models', 'quantize', TINY_MODEL, `${src}-fp32-check`, '--force', '--format', 'json']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(readdirSync(root).sort(), ['tiny', 'tiny-fp32-check']);
});

test('models quantize errors exit 2 with one line: missing dir, not a model dir, missing sample file, bad encoding', async () => {
  const root = scratch();
  const missing = await runCli(['models', 'quantize', path.join(root, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error: .*nope: model directory not found/);
  const notModel = await runCli(['models', 'quantize', root, path.join(root, 'x')]);
  assert.equal(notModel.code, 2);
  assert.match(notModel.stderr, /config\.json: file not found/);
  const sample = await runCli(['models', 'quantize', TINY_MODEL, path.join(root, 'y'), '--sample', path.join(root, 'none.txt')]);
  assert.equal(sample.code, 2);
  assert.match(sample.stderr, /none\.txt: sample file not found/);
  const encoding = await runCli(['models', 'quantize', TINY_MODEL, '--encoding', 'int4']);
  assert.equal(encoding.code, 2);
  assert.match(encoding.stderr, /Allowed choices are contrib, standard/);
  assert.deepEqual(readdirSync(root), []);
});
