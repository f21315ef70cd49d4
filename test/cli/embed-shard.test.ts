import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const model = ['--model', TINY_MODEL, '--quiet'];

test('embed --shard I/N writes only its shard, in input order; the shards together are the whole file', async () => {
  const full = await runCli(['embed', fixture('candidates.csv'), '--kind', 'candidate', ...model]);
  assert.equal(full.code, 0, full.stderr);
  const all = full.stdout.trim().split('\n');
  const shards = await Promise.all([1, 2, 3].map((i) => runCli(['embed', fixture('candidates.csv'), '--kind', 'candidate', '--shard', `${i}/3`, ...model])));
  const lines = shards.map((r) => {
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split('\n').filter((l) => l !== '');
  });
  assert.deepEqual([...lines.flat()].sort(), [...all].sort(), 'every record in exactly one shard, with the same vector');
  for (const shard of lines) {
    const positions = shard.map((l) => all.indexOf(l));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'input order within a shard');
  }
  assert.ok(lines.every((shard) => shard.length < all.length), 'no shard holds everything');
});

test('embed --shard writes npy shards whose ids match their rows; a bad --shard is a usage error', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-shard-'));
  const out = path.join(dir, 'part.npy');
  const r = await runCli(['embed', fixture('jobs.csv'), '--kind', 'job', '--shard', '2/2', '--format', 'npy', '-o', out, ...model]);
  assert.equal(r.code, 0, r.stderr);
  const ids = JSON.parse(readFileSync(path.join(dir, 'part.ids.json'), 'utf8')) as string[];
  const jsonl = await runCli(['embed', fixture('jobs.csv'), '--kind', 'job', '--shard', '2/2', ...model]);
  assert.deepEqual(ids, jsonl.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id));
  const bad = await runCli(['embed', fixture('jobs.csv'), '--kind', 'job', '--shard', '3/2', ...model]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shard must be I\/N with 1 <= I <= N/);
});
