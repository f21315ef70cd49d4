import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const candidatesCsv = fixture('candidates.csv');
const jobsCsv = fixture('jobs.csv');

/** A scratch copy of the tiny model that a test may break. */
function modelCopy(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-model-')), 'model');
  cpSync(TINY_MODEL, dir, { recursive: true });
  return dir;
}

async function scoreWith(modelDir: string): Promise<{ code: number | null; stderr: string }> {
  return runCli(['score', candidatesCsv, jobsCsv, '--model', modelDir, '--quiet']);
}

test('usage: an unknown flag or a bad choice exits 2 with commander\'s message and the choices', async () => {
  const unknown = await runCli(['score', candidatesCsv, jobsCsv, '--bogus']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--bogus'/);
  const choice = await runCli(['score', candidatesCsv, jobsCsv, '--format', 'xml']);
  assert.equal(choice.code, 2);
  assert.match(choice.stderr, /Allowed choices are table, csv, jsonl, json/);
  const number = await runCli(['score', candidatesCsv, jobsCsv, '--top', 'ten']);
  assert.equal(number.code, 2);
  assert.match(number.stderr, /--top <k>.*must be a positive integer/);
  const missing = await runCli(['score', candidatesCsv]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing required argument 'jobs'/);
});

test('--help and --version exit 0', async () => {
  const help = await runCli(['score', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--candidate-columns <map>/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('model: a missing directory names it', async () => {
  const r = await scoreWith('/nonexistent/model');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: \/nonexistent\/model: model directory not found/);
});

test('model: missing model.onnx names both accepted places', async () => {
  const dir = modelCopy();
  rmSync(path.join(dir, 'model.onnx'));
  const r = await scoreWith(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no ONNX model found: expected model\.onnx or onnx\/model\.onnx/);
});

test('model: a Git LFS pointer in place of the weights says so', async () => {
  const dir = modelCopy();
  writeFileSync(path.join(dir, 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize 90868376\n');
  const r = await scoreWith(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /model\.onnx: is a Git LFS pointer file, not the real file; run `git lfs pull`/);
});

test('model: a tokenizer larger than the embedding table is rejected before inference', async () => {
  const dir = modelCopy();
  const configFile = path.join(dir, 'config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { vocab_size: number };
  config.vocab_size = 10;
  writeFileSync(configFile, JSON.stringify(config));
  const r = await scoreWith(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /tokenizer\.json: the tokenizer's vocabulary \(\d+ ids\) is larger than the model's embedding table \(vocab_size 10/);
});

test('model: unexpected input names are listed against the expected ones', async () => {
  const dir = modelCopy();
  const g = new GraphBuilder();
  g.addInput('tokens', 'int64', ['batch', 'sequence']);
  const y = g.op('Cast', ['tokens'], { to: { int: 1 } }, { outputs: ['last_hidden_state'] });
  g.addOutput(y, 'float32', ['batch', 'sequence']);
  writeFileSync(path.join(dir, 'model.onnx'), g.toBytes());
  const r = await scoreWith(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unexpected model inputs \[tokens\]; expected input_ids and attention_mask, optionally token_type_ids/);
});

test('model: invalid JSON in config.json names the file', async () => {
  const dir = modelCopy();
  writeFileSync(path.join(dir, 'config.json'), '{ "hidden_size": 32,');
  const r = await scoreWith(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config\.json: invalid JSON/);
});
