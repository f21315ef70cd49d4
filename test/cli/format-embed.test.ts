import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const model = ['--model', TINY_MODEL, '--quiet'];

test('format prints one JSON string per record with the documented template', async () => {
  const r = await runCli(['format', fixture('jobs.csv'), '--kind', 'job']);
  assert.equal(r.code, 0, r.stderr);
  const texts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as string);
  assert.equal(texts.length, 8);
  for (const text of texts) {
    // Template lines come first; the free-text Description comes last and may hold "X: " lines itself.
    const lines = text.split('\n');
    const headerLines = lines.slice(0, lines.findIndex((l) => l.startsWith('Description: ')) + 1);
    const keys = headerLines.map((l) => l.split(':')[0]);
    const order = ['Title', 'Company', 'Location', 'Experience', 'Description'];
    assert.deepEqual(keys, order.filter((k) => keys.includes(k)), 'lines keep the template order');
    assert.ok(keys.includes('Description'));
  }
});

test('format --blind drops exactly the Name line', async () => {
  const plain = await runCli(['format', fixture('candidates.csv'), '--kind', 'candidate']);
  const blind = await runCli(['format', fixture('candidates.csv'), '--kind', 'candidate', '--blind']);
  const a = plain.stdout.trim().split('\n').map((l) => JSON.parse(l) as string);
  const b = blind.stdout.trim().split('\n').map((l) => JSON.parse(l) as string);
  assert.equal(a.length, b.length);
  a.forEach((text, i) => {
    assert.match(text, /^Name: /);
    assert.equal(b[i], text.split('\n').slice(1).join('\n'));
  });
});

test('format reads aliases, TSV and a BOM + CRLF file', async () => {
  for (const file of ['candidates-aliases.csv', 'candidates.tsv', 'bom-crlf.csv']) {
    const r = await runCli(['format', fixture(file), '--kind', 'candidate']);
    assert.equal(r.code, 0, `${file}: ${r.stderr}`);
    for (const line of r.stdout.trim().split('\n')) {
      const text = JSON.parse(line) as string;
      assert.match(text, /Resume: /, file);
      assert.doesNotMatch(text, /\r|\uFEFF/, `${file}: no CR or BOM survives`);
    }
  }
});

function embeddings(stdout: string): Map<string, number[]> {
  return new Map(stdout.trim().split('\n').map((l) => {
    const row = JSON.parse(l) as { id: string; embedding: number[] };
    return [row.id, row.embedding];
  }));
}

test('embed jsonl: {id, embedding} per record, unit length, independent of --batch-size (1, 7, 50)', async () => {
  const runs = await Promise.all(['1', '7', '50'].map((b) => runCli(['embed', fixture('candidates.csv'), '--kind', 'candidate', ...model, '--batch-size', b])));
  const [one, seven, fifty] = runs.map((r) => {
    assert.equal(r.code, 0, r.stderr);
    return embeddings(r.stdout);
  }) as [Map<string, number[]>, Map<string, number[]>, Map<string, number[]>];
  assert.equal(one.size, 12);
  for (const [id, v] of one) {
    assert.equal(v.length, 32);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    for (const other of [seven, fifty]) {
      const w = other.get(id) as number[];
      assert.ok(v.every((x, i) => Math.abs(x - (w[i] as number)) < 1e-5), `record ${id} differs across batch sizes`);
    }
  }
});

test('embed --dim 8 keeps the first 8 dims re-normalised', async () => {
  const full = embeddings((await runCli(['embed', fixture('jobs.csv'), '--kind', 'job', ...model])).stdout);
  const cut = embeddings((await runCli(['embed', fixture('jobs.csv'), '--kind', 'job', ...model, '--dim', '8'])).stdout);
  for (const [id, v] of full) {
    const head = v.slice(0, 8);
    const norm = Math.hypot(...head);
    const w = cut.get(id) as number[];
    assert.equal(w.length, 8);
    assert.ok(head.every((x, i) => Math.abs(x / norm - (w[i] as number)) < 1e-5));
  }
});

test('embed --format npy writes a float32 matrix and the ids beside it; npy needs --output', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-npy-'));
  const out = path.join(dir, 'vectors.npy');
  const r = await runCli(['embed', fixture('jobs.jsonl'), '--kind', 'job', ...model, '--format', 'npy', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['vectors.ids.json', 'vectors.npy']);
  const ids = JSON.parse(readFileSync(path.join(dir, 'vectors.ids.json'), 'utf8')) as string[];
  const bytes = readFileSync(out);
  const headerLength = bytes.readUInt16LE(8);
  assert.match(bytes.subarray(10, 10 + headerLength).toString('latin1'), new RegExp(`'shape': \\(${ids.length}, 32\\)`));
  const jsonl = embeddings((await runCli(['embed', fixture('jobs.jsonl'), '--kind', 'job', ...model])).stdout);
  const first = jsonl.get(ids[0] as string) as number[];
  const fromNpy = Array.from({ length: 32 }, (_, i) => bytes.readFloatLE(10 + headerLength + i * 4));
  assert.ok(first.every((x, i) => Math.abs(x - (fromNpy[i] as number)) < 1e-6));
  const noOutput = await runCli(['embed', fixture('jobs.jsonl'), '--kind', 'job', ...model, '--format', 'npy']);
  assert.equal(noOutput.code, 2);
  assert.match(noOutput.stderr, /--format npy writes a binary file: give --output FILE\.npy/);
});

test('embed --kind text reads (id, text) rows', async () => {
  const r = await runCli(['embed', '-', '--kind', 'text', ...model, '--input-format', 'jsonl'], { input: '{"id":"a","text":"python engineer"}\n{"id":"b","text":"nurse"}\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...embeddings(r.stdout).keys()], ['a', 'b']);
});
