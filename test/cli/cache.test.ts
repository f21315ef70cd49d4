import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshCacheHome, runCli, TINY_MODEL, type CliResult } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const candidates = fixture('candidates.csv');
const jobs = fixture('jobs.csv');
const model = ['--model', TINY_MODEL];

function cachePathIn(home: string): string {
  return path.join(home, 'resumator', 'embeddings.sqlite');
}

function ok(r: CliResult): CliResult {
  assert.equal(r.code, 0, r.stderr);
  return r;
}

/** Distinct template texts of a file, counted by the `format` command (independent of the cache). */
async function distinctTexts(file: string, kind: string, extra: string[] = []): Promise<Set<string>> {
  const r = ok(await runCli(['format', file, '--kind', kind, ...extra]));
  return new Set(r.stdout.trim().split('\n'));
}

const score = (env: NodeJS.ProcessEnv, extra: string[] = []): Promise<CliResult> => runCli(['score', candidates, jobs, ...model, '--format', 'json', ...extra], { env });

test('score caches every text in XDG_CACHE_HOME; the second run embeds nothing and reports the same', async () => {
  const env = { XDG_CACHE_HOME: freshCacheHome() };
  const uncached = ok(await score(env, ['--no-cache']));
  const first = ok(await score(env));
  const second = ok(await score(env));
  const total = (await distinctTexts(candidates, 'candidate')).size + (await distinctTexts(jobs, 'job')).size;
  assert.match(first.stderr, new RegExp(`^cache: 0 of ${total} distinct texts found in ${cachePathIn(env.XDG_CACHE_HOME)}, ${total} embedded$`, 'm'));
  assert.match(second.stderr, new RegExp(`^cache: ${total} of ${total} distinct texts found in .*, 0 embedded$`, 'm'));
  assert.equal(first.stdout, uncached.stdout);
  assert.equal(second.stdout, uncached.stdout, 'the truncation counts come back from the cache too');
});

test('--no-cache reads and writes no file; --cache FILE puts the cache there', async () => {
  const home = freshCacheHome();
  ok(await score({ XDG_CACHE_HOME: home }, ['--no-cache']));
  // onnxruntime itself keeps a device id under XDG_CACHE_HOME/Microsoft: only ours is checked.
  assert.equal(existsSync(path.join(home, 'resumator')), false);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-cache-cli-')), 'mine.sqlite');
  const r = ok(await score({ XDG_CACHE_HOME: home }, ['--cache', file]));
  assert.match(r.stderr, new RegExp(`found in ${file}, `));
  assert.ok(existsSync(file));
  assert.equal(existsSync(path.join(home, 'resumator')), false);
});

test('two processes writing one cache at once lose nothing, and both report as an uncached run', async () => {
  const env = { XDG_CACHE_HOME: freshCacheHome() };
  const uncached = ok(await score(env, ['--no-cache']));
  const [a, b, c] = await Promise.all([
    score(env),
    score(env),
    runCli(['embed', candidates, '--kind', 'candidate', '--blind', ...model, '--quiet'], { env }),
  ]);
  assert.equal(ok(a).stdout, uncached.stdout);
  assert.equal(ok(b).stdout, uncached.stdout);
  ok(c);
  const expected = new Set([
    ...(await distinctTexts(candidates, 'candidate')),
    ...(await distinctTexts(jobs, 'job')),
    ...(await distinctTexts(candidates, 'candidate', ['--blind'])),
  ]);
  const stats = ok(await runCli(['cache', 'stats'], { env }));
  assert.match(stats.stdout, new RegExp(`^entries   ${expected.size}$`, 'm'));
  const again = ok(await score(env));
  assert.match(again.stderr, /, 0 embedded$/m);
});

test('a cache file of garbage bytes: one warning, the right report, the bad file kept aside', async () => {
  const env = { XDG_CACHE_HOME: freshCacheHome() };
  const uncached = ok(await score(env, ['--no-cache']));
  const file = cachePathIn(env.XDG_CACHE_HOME);
  ok(await score(env));
  writeFileSync(file, Buffer.alloc(64 * 1024, 0xa5));
  const r = ok(await score(env));
  assert.equal(r.stdout, uncached.stdout);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('warning:')).length, 1, r.stderr);
  assert.match(r.stderr, /^warning: the embedding cache .* was unusable \(file is not a database\); moved it to .*\.corrupt-.* and started a fresh cache$/m);
  assert.equal(readdirSync(path.dirname(file)).filter((f) => f.startsWith('embeddings.sqlite.corrupt-')).length, 1);
});

test('cache stats shows entries, models and hit rate; cache clear empties it', async () => {
  const env = { XDG_CACHE_HOME: freshCacheHome() };
  const file = cachePathIn(env.XDG_CACHE_HOME);
  assert.equal(ok(await runCli(['cache', 'stats'], { env })).stdout, `no embedding cache at ${file}\n`);
  assert.equal(existsSync(file), false, 'stats creates nothing');
  const total = (await distinctTexts(candidates, 'candidate')).size + (await distinctTexts(jobs, 'job')).size;
  ok(await score(env));
  ok(await score(env));
  const stats = ok(await runCli(['cache', 'stats'], { env })).stdout;
  assert.match(stats, new RegExp(`^cache     ${file}$`, 'm'));
  assert.match(stats, /^size      \d+(\.\d)? KiB$/m);
  assert.match(stats, new RegExp(`^entries   ${total}$`, 'm'));
  assert.match(stats, /^models    1$/m);
  // First run: all misses; second: all hits.
  assert.match(stats, new RegExp(`^hit rate  50\\.0% \\(${total} of ${2 * total} lookups\\)$`, 'm'));
  assert.match(stats, new RegExp(`^  tiny-bert \\[[0-9a-f]{12}\\] dim 32: ${total} entries, hit rate 50\\.0%`, 'm'));
  assert.equal(ok(await runCli(['cache', 'clear'], { env })).stdout, `removed ${total} embeddings from ${file}\n`);
  assert.match(ok(await runCli(['cache', 'stats'], { env })).stdout, /^entries   0$/m);
  const after = ok(await score(env));
  assert.match(after.stderr, new RegExp(`, ${total} embedded$`, 'm'));
});
