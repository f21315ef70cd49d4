import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { writeTinyDecoder } from '../support/decoder-checkpoint.js';
import { convertedTinyDecoder } from '../support/tiny-decoder-model.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-qdec-'));

test('models quantize on a causal LM: top-1 and label-probability agreement through the decoder engine, size ratio', async () => {
  // std 0.1 (the default tiny models' 0.35 amplify rounding errors beyond the default floor).
  const { modelDir } = await convertedTinyDecoder('qwen2', { std: 0.1 });
  const out = path.join(scratch(), 'int8');
  const r = await runCli(['models', 'quantize', modelDir, out, '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^  int8: 15 MatMul weights, 1 embedding tables \(40,960 parameters\); float32: 292 parameters$/m);
  const top1 = /^  top-1 next token int8 vs fp32: ([\d.]+) of (\d+) positions in 12 sample prompts \(last positions: ([\d.]+)\)$/m.exec(r.stdout);
  assert.ok(top1 !== null, r.stdout);
  assert.ok(Number(top1[1]) >= 0.6 && Number(top1[1]) < 1 && Number(top1[2]) > 12, r.stdout);
  assert.match(r.stdout, /^  P\(SELECTED\) \/ \(P\(SELECTED\) \+ P\(REJECTED\)\) difference: max 0\.\d{4}, mean 0\.\d{4}$/m);
  assert.match(r.stdout, /\n  agreement floor: top-1 >= 0\.6, label difference <= 0\.1: passed\n$/);
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as { task: string; quantization: { weights: string; method: string } };
  assert.equal(manifest.task, 'causal-lm');
  assert.deepEqual([manifest.quantization.method, manifest.quantization.weights], ['dynamic', 'int8']);
});

test('models quantize --type int4 --format json --sample FILE: agreement fields, MatMulNBits, models info shows the decoder', async () => {
  const { modelDir } = await convertedTinyDecoder('llama');
  const root = scratch();
  const sample = path.join(root, 'prompts.txt');
  // A plain line and a JSON string line (a prompt with newlines); blank lines are skipped.
  writeFileSync(sample, 'Job: nurse. Candidate: ICU nurse. Decision:\n\n"Job: driver\\nCandidate: chef\\nDecision:"\n');
  const out = path.join(root, 'int4');
  // The tiny models' large random weights move int4 label probabilities by up to ~0.6: the floor is raised for them.
  const r = await runCli(['models', 'quantize', modelDir, out, '--type', 'int4', '--accuracy-level', '0', '--sample', sample, '--max-label-diff', '1', '--format', 'json', '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual([json['task'], json['type'], json['encoding'], json['accuracy_level'], json['block_size']], ['causal-lm', 'int4', 'MatMulNBits', 0, 32]);
  const agreement = json['agreement'] as Record<string, number>;
  assert.equal(agreement['prompts'], 2);
  for (const key of ['top1', 'top1_last', 'label_diff_max', 'label_diff_mean']) assert.ok((agreement[key] as number) >= 0 && (agreement[key] as number) <= 1, key);
  assert.deepEqual(json['floor'], { top1: 0.15, label_diff: 1 });
  assert.equal(json['passed'], true);
  assert.ok((json['size_ratio'] as number) < 0.3, `${json['size_ratio']}`);
  const info = await runCli(['models', 'info', out]);
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /^task: +causal-lm/m);
  assert.match(info.stdout, /^attention heads: +6 \(2 KV heads, head_dim 8\)$/m);
  assert.match(info.stdout, /^LM head: +its own weights \(untied\)$/m);
  assert.match(info.stdout, /^context length: +256 positions/m);
  assert.match(info.stdout, /^quantization: +weight-only int4: [\d,]+ parameters \(\d+\.\d%\) int4, 0 int8, [\d,]+ float32; ops com\.microsoft\.GatherBlockQuantized, com\.microsoft\.MatMulNBits$/m);
  assert.doesNotMatch(info.stdout, /pooling|native dim|matryoshka/);
  const infoJson = JSON.parse((await runCli(['models', 'info', out, '--format', 'json'])).stdout) as Record<string, unknown>;
  assert.deepEqual([infoJson['kv_heads'], infoJson['head_dim'], infoJson['vocab_size'], infoJson['tied_head'], infoJson['context_length']], [2, 8, 352, false, 256]);
  assert.equal((infoJson['quantization'] as { weights: string }).weights, 'int4');
  assert.equal(infoJson['pooling'], undefined);
});

test('models quantize on a causal LM below the floor: exit 1 naming the values and the floor, nothing written', async () => {
  const { modelDir } = await convertedTinyDecoder('qwen3');
  const root = scratch();
  // int8 never matches float32 at every position of 12 prompts: the gate, not the kernel, is under test.
  const r = await runCli(['models', 'quantize', modelDir, path.join(root, 'int8'), '--min-top1', '1', '--max-label-diff', '1', '--threads', '1']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^error: int8 model below the agreement floor: int8 vs fp32 on 12 sample prompts \(\d+ positions\): top-1 0\.\d+ < 1 \(floor: top-1 >= 1, label-probability difference <= 1; --min-top1, --max-label-diff\); '.*int8' was not written\n$/,
  );
  assert.match(r.stdout, /\(not written: below the agreement floor\)$/m);
  assert.match(r.stdout, /agreement floor: top-1 >= 1, label difference <= 1: FAILED/);
  assert.deepEqual(readdirSync(root), [], 'no output and no temporary directory');
  const label = await runCli(['models', 'quantize', modelDir, path.join(root, 'int4'), '--type', 'int4', '--max-label-diff', '0', '--format', 'json', '--threads', '1']);
  assert.equal(label.code, 1, label.stderr);
  assert.equal((JSON.parse(label.stdout) as { passed: boolean }).passed, false);
  assert.match(label.stderr, /max label-probability difference 0\.\d+ > 0 /);
  assert.deepEqual(readdirSync(root), []);
});

test('models quantize: floor flags of the other kind of model and options of the other type are usage errors', async () => {
  const { modelDir } = await convertedTinyDecoder('qwen2');
  const root = scratch();
  const cosine = await runCli(['models', 'quantize', modelDir, path.join(root, 'a'), '--min-cosine', '0.9']);
  assert.equal(cosine.code, 2);
  assert.match(cosine.stderr, /^error: --min-cosine and --min-text-cosine apply to encoders; for a causal LM use --min-top1 and --max-label-diff\n$/);
  const level = await runCli(['models', 'quantize', modelDir, path.join(root, 'b'), '--accuracy-level', '4']);
  assert.equal(level.code, 2);
  assert.match(level.stderr, /the accuracy level applies to int4/);
  const standard = await runCli(['models', 'quantize', modelDir, path.join(root, 'c'), '--type', 'int4', '--encoding', 'standard']);
  assert.equal(standard.code, 2);
  assert.match(standard.stderr, /int4 weights exist only as com\.microsoft MatMulNBits/);
  const badLine = path.join(root, 'bad.txt');
  writeFileSync(badLine, '"unterminated\n');
  const sample = await runCli(['models', 'quantize', modelDir, path.join(root, 'd'), '--sample', badLine]);
  assert.equal(sample.code, 2);
  assert.match(sample.stderr, /bad\.txt:1: a line starting with " must be one JSON string/);
  assert.deepEqual(readdirSync(root), ['bad.txt']);
});

test('models convert --quantize int4 on a causal-LM checkpoint: converted, quantized and checked in one atomic step', async () => {
  const root = scratch();
  const checkpoint = await writeTinyDecoder(path.join(root, 'ckpt'), 'qwen3');
  const out = path.join(root, 'qwen3-int4');
  const r = await runCli(['models', 'convert', checkpoint.dir, out, '--quantize', 'int4', '--max-label-diff', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\nquantized to int4: model\.onnx [\d.]+ KiB \(\d+% of float32; 15 MatMuls, 1 embedding tables\)\ntop-1 next token int4 vs fp32: 0\.\d{4} of \d+ positions in 12 sample prompts; label-probability difference max 0\.\d{4}, mean 0\.\d{4}\n$/);
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as { quantization: { weights: string; accuracy_level: number } };
  assert.deepEqual([manifest.quantization.weights, manifest.quantization.accuracy_level], ['int4', 4]);
  const failed = await runCli(['models', 'convert', checkpoint.dir, path.join(root, 'x'), '--quantize', 'int8', '--min-top1', '1']);
  assert.equal(failed.code, 1, failed.stderr);
  assert.deepEqual(readdirSync(root).sort(), ['ckpt', 'qwen3-int4']);
});
