import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TINY_FIXTURE_SEED } from '../support/fixtures/tiny-fixture.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { bertConfigJson, writeTinyCheckpoint } from '../support/hf-checkpoint.js';
import { fixture } from '../support/paths.js';
import { tinyBertConfig } from '../support/fixtures/tiny-fixture.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-convert-cli-'));
const scoreArgs = [fixture('candidates.csv'), fixture('jobs.csv'), '--quiet', '--format', 'json'];

test('a checkpoint of the fixture weights converts to the fixture model: same model.onnx, same scores', async () => {
  const parent = scratch();
  const src = path.join(parent, 'tiny-bert-hf');
  await writeTinyCheckpoint(src, { kind: 'bert', seed: TINY_FIXTURE_SEED, dtype: 'F32' });
  const out = path.join(parent, 'converted');
  const r = await runCli(['models', 'convert', src, out, '--name', 'tiny-bert', '--matryoshka-dims', '32,16,8']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^converted BertModel \(f32\) into .*converted: model\.onnx 219\.1 KiB\n$/);
  assert.deepEqual(readFileSync(path.join(out, 'model.onnx')), readFileSync(path.join(TINY_MODEL, 'model.onnx')));
  const fromFixture = await runCli(['score', ...scoreArgs, '--model', TINY_MODEL]);
  const fromConverted = await runCli(['score', ...scoreArgs, '--model', out]);
  assert.equal(fromConverted.code, 0, fromConverted.stderr);
  assert.equal(fromConverted.stdout, fromFixture.stdout);
  assert.ok(fromFixture.stdout.includes('"score"'));

  // --fused-ops: onnxruntime's fused operators, same scores within float32 rounding.
  const fusedOut = path.join(parent, 'converted-fused');
  const fused = await runCli(['models', 'convert', src, fusedOut, '--quiet', '--fused-ops']);
  assert.equal(fused.code, 0, fused.stderr);
  assert.equal((JSON.parse(readFileSync(path.join(fusedOut, 'resumator.json'), 'utf8')) as Record<string, unknown>)['operators'], 'onnxruntime-fused');
  assert.ok(readFileSync(path.join(fusedOut, 'model.onnx')).includes('SkipLayerNormalization'));
  const fromFused = await runCli(['score', ...scoreArgs, '--model', fusedOut]);
  assert.equal(fromFused.code, 0, fromFused.stderr);
  // onnxruntime warns about this graph (unused initializers); only its errors reach users.
  const loud = await runCli(['score', fixture('candidates.csv'), fixture('jobs.csv'), '--format', 'json', '--no-cache', '--model', fusedOut]);
  assert.equal(loud.code, 0, loud.stderr);
  assert.doesNotMatch(loud.stderr, /onnxruntime|W:/);
  const scores = (text: string): number[] => [...text.matchAll(/"score": (-?[\d.e-]+)/g)].map((m) => Number(m[1]));
  const expected = scores(fromFixture.stdout);
  assert.ok(expected.length > 0);
  scores(fromFused.stdout).forEach((s, i) => assert.ok(Math.abs(s - (expected[i] as number)) < 1e-5, `score ${i}: ${s} vs ${expected[i]}`));
});

test('OUT_DIR defaults to <SRC_DIR>-onnx; an existing OUT_DIR is refused, --force replaces it', async () => {
  const parent = scratch();
  const src = path.join(parent, 'ckpt');
  await writeTinyCheckpoint(src, { kind: 'bert', dtype: 'BF16', shards: 2 });
  const first = await runCli(['models', 'convert', src, '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '');
  assert.deepEqual(readdirSync(parent).sort(), ['ckpt', 'ckpt-onnx']);
  const again = await runCli(['models', 'convert', src]);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, `error: ${src}-onnx: output directory already exists; pass --force to replace it, or choose another path\n`);
  writeFileSync(path.join(parent, 'ckpt-onnx', 'stale.txt'), 'old');
  const forced = await runCli(['models', 'convert', src, '--force', '--dtype', 'f16']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(!readdirSync(path.join(parent, 'ckpt-onnx')).includes('stale.txt'));
  assert.equal(JSON.parse(readFileSync(path.join(parent, 'ckpt-onnx', 'resumator.json'), 'utf8')).dtype, 'f16');
  assert.deepEqual(readdirSync(parent).sort(), ['ckpt', 'ckpt-onnx']);
  const scored = await runCli(['score', ...scoreArgs, '--model', path.join(parent, 'ckpt-onnx')]);
  assert.equal(scored.code, 0, scored.stderr);
});

/** Writes a checkpoint, breaks it with `spoil`, converts; expects one error line, exit 2, no output left. */
async function failingConvert(spoil: (src: string) => void, extra: string[] = []): Promise<string> {
  const parent = scratch();
  const src = path.join(parent, 'ckpt');
  await writeTinyCheckpoint(src, { kind: 'bert' });
  spoil(src);
  const outParent = path.join(parent, 'models');
  mkdirSync(outParent);
  const r = await runCli(['models', 'convert', src, path.join(outParent, 'out'), ...extra]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: [^\n]+\n$/, 'exactly one line');
  assert.deepEqual(readdirSync(outParent), [], 'nothing left beside OUT_DIR');
  return r.stderr;
}

test('errors: unsupported architecture lists the supported ones', async () => {
  const stderr = await failingConvert((src) => {
    writeFileSync(path.join(src, 'config.json'), JSON.stringify({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }));
  });
  assert.match(stderr, /config\.json: unsupported architecture: model_type 'gpt2' and architectures \[GPT2LMHeadModel\]; supported: BertModel \(model_type bert\), BertForSequenceClassification/);
});

test('errors: a missing tensor is named', async () => {
  const parent = scratch();
  const src = path.join(parent, 'ckpt');
  await writeTinyCheckpoint(src, { kind: 'bert', omit: ['encoder.layer.1.output.dense.bias'] });
  const r = await runCli(['models', 'convert', src, path.join(parent, 'out')]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `error: ${path.join(src, 'model.safetensors')}: missing tensor 'encoder.layer.1.output.dense.bias' (expected shape [32])\n`);
  assert.deepEqual(readdirSync(parent), ['ckpt']);
});

test('errors: a tensor whose shape does not match config.json names both shapes', async () => {
  const stderr = await failingConvert((src) => {
    writeFileSync(path.join(src, 'config.json'), JSON.stringify({ ...bertConfigJson(tinyBertConfig(), 'bert'), intermediate_size: 48 }));
  });
  assert.match(stderr, /model\.safetensors: tensor 'encoder\.layer\.0\.intermediate\.dense\.weight' has shape \[64, 32\], expected \[48, 32\]\n$/);
});

test('errors: truncated, corrupt header, header length beyond the file', async () => {
  const truncated = await failingConvert((src) => {
    const file = path.join(src, 'model.safetensors');
    truncateSync(file, readFileSync(file).length - 100);
  });
  assert.match(truncated, /model\.safetensors: truncated or corrupt safetensors file: tensor '[^']+' ends at byte \d+ of the data area but only \d+ bytes are present/);
  const badJson = await failingConvert((src) => {
    const file = path.join(src, 'model.safetensors');
    const bytes = readFileSync(file);
    bytes.write('!', 8);
    writeFileSync(file, bytes);
  });
  assert.match(badJson, /model\.safetensors: corrupt safetensors header: not valid JSON/);
  const tooLong = await failingConvert((src) => {
    const file = path.join(src, 'model.safetensors');
    const bytes = readFileSync(file);
    bytes.writeBigUInt64LE(BigInt(bytes.length), 0);
    writeFileSync(file, bytes);
  });
  assert.match(tooLong, /truncated or corrupt safetensors file: header length \d+ exceeds the \d+ bytes after it/);
});

test('errors: a Git LFS pointer instead of the weights', async () => {
  const stderr = await failingConvert((src) => {
    writeFileSync(path.join(src, 'model.safetensors'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 90868376\n');
  });
  assert.match(stderr, /model\.safetensors: is a Git LFS pointer file, not the real file/);
  const tokenizer = await failingConvert((src) => {
    writeFileSync(path.join(src, 'tokenizer.json'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 466247\n');
  });
  assert.match(tokenizer, /tokenizer\.json: is a Git LFS pointer file/);
});

test('errors: missing tokenizer.json, no weights, unsupported sentence-transformers module, bad flags', async () => {
  assert.match(await failingConvert((src) => rmSync(path.join(src, 'tokenizer.json'))), /tokenizer\.json: tokenizer\.json not found/);
  assert.match(await failingConvert((src) => rmSync(path.join(src, 'model.safetensors'))), /no weights found: expected model\.safetensors or model\.safetensors\.index\.json/);
  const dense = await failingConvert((src) => {
    const modules = JSON.parse(readFileSync(path.join(src, 'modules.json'), 'utf8')) as object[];
    writeFileSync(path.join(src, 'modules.json'), JSON.stringify([...modules, { idx: 3, name: '3', path: '3_Dense', type: 'sentence_transformers.models.Dense' }]));
  });
  assert.match(dense, /modules\.json: unsupported sentence-transformers module 'sentence_transformers\.models\.Dense'; supported: Transformer, Pooling, Normalize/);
  assert.match(await failingConvert(() => undefined, ['--matryoshka-dims', '64,32']), /--matryoshka-dims: 64 is not between 1 and the model's hidden size 32/);
  const badDtype = await runCli(['models', 'convert', '/nonexistent', '--dtype', 'int4']);
  assert.equal(badDtype.code, 2);
  assert.match(badDtype.stderr, /Allowed choices are f32, f16/);
  const missing = await runCli(['models', 'convert', '/nonexistent/ckpt']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'error: /nonexistent/ckpt: checkpoint directory not found (expected config.json, tokenizer.json and model.safetensors inside)\n');
});

test('--quantize int8 converts and quantizes in one atomic step; --dtype f16 with it is a usage error', async () => {
  const parent = scratch();
  const src = path.join(parent, 'ckpt');
  await writeTinyCheckpoint(src, { kind: 'bert', seed: TINY_FIXTURE_SEED, dtype: 'F32' });
  const out = path.join(parent, 'int8');
  const r = await runCli(['models', 'convert', src, out, '--quantize', 'int8']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\nquantized to int8: model\.onnx [\d.]+ KiB \(\d+% of float32; 12 MatMuls, 2 embedding tables\)\ncosine int8 vs fp32 on 12 sample texts: mean (0\.99\d+|1\.00000), min (0\.9[89]\d+|1\.00000)\n$/);
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest['operators'], 'standard');
  assert.equal((manifest['quantization'] as Record<string, unknown>)['weights'], 'int8');
  assert.deepEqual(readdirSync(parent).sort(), ['ckpt', 'int8'], 'no staging or float32 directory left behind');
  // Same ranking model within int8 rounding: scores close to the fixture's float32 ones.
  const fromFixture = await runCli(['score', ...scoreArgs, '--model', TINY_MODEL]);
  const fromInt8 = await runCli(['score', ...scoreArgs, '--model', out]);
  assert.equal(fromInt8.code, 0, fromInt8.stderr);
  const scores = (text: string): number[] => [...text.matchAll(/"score": (-?[\d.e-]+)/g)].map((m) => Number(m[1]));
  const expected = scores(fromFixture.stdout);
  const got = scores(fromInt8.stdout);
  assert.equal(got.length, expected.length);
  const maxDiff = Math.max(...got.map((s, i) => Math.abs(s - (expected[i] as number))));
  assert.ok(maxDiff < 0.02, `max score diff ${maxDiff}`);

  const bad = await runCli(['models', 'convert', src, path.join(parent, 'x'), '--quantize', 'int8', '--dtype', 'f16']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --quantize int8 starts from float32 weights/);
  const fused = await runCli(['models', 'convert', src, path.join(parent, 'y'), '--quantize', 'int8', '--fused-ops']);
  assert.equal(fused.code, 2);
  assert.match(fused.stderr, /^error: --quantize int8 works on the standard-operator graph/);
  const floorAlone = await runCli(['models', 'convert', src, path.join(parent, 'z'), '--min-cosine', '0.9']);
  assert.equal(floorAlone.code, 2);
  assert.match(floorAlone.stderr, /^error: --min-cosine, --min-text-cosine, --min-top1 and --max-label-diff check a quantized model: add --quantize int8 or int4/);
  assert.deepEqual(readdirSync(parent).sort(), ['ckpt', 'int8']);
});

test('--quantize int8 below the agreement floor exits 1 naming the values and the floor, and writes nothing', async () => {
  const parent = scratch();
  const src = path.join(parent, 'ckpt');
  await writeTinyCheckpoint(src, { kind: 'bert', seed: TINY_FIXTURE_SEED, dtype: 'F32' });
  const out = path.join(parent, 'int8');
  const r = await runCli(['models', 'convert', src, out, '--quantize', 'int8', '--min-text-cosine', '1']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: int8 model below the agreement floor: cosine int8 vs fp32 on 12 sample texts min 0\.9\d+ < 1 \(floor: mean >= 0\.99, min >= 1; --min-cosine, --min-text-cosine\); '.*int8' was not written\n$/);
  assert.equal(r.stdout, '');
  assert.deepEqual(readdirSync(parent), ['ckpt'], 'no float32, int8 or staging directory left behind');
});
