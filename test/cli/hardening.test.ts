/**
 * What a new user meets on a fresh clone (issue 11): outputs that would clobber inputs, output
 * formats from file extensions, one field-size limit for every input format, an unwritable
 * cache, onnxruntime's telemetry, stdin named twice, and the small notes.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshCacheHome, runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-hardening-'));
  temps.push(dir);
  return dir;
}
const CANDIDATES = fixture('candidates.csv');
const JOBS = fixture('jobs.csv');
const score = (...args: string[]): string[] => ['score', CANDIDATES, JOBS, '--model', TINY_MODEL, '-q', '--no-cache', ...args];

test('-o naming an input file, or the same file as --matrix, is refused before any work; the input is untouched', async () => {
  const dir = tempDir();
  const copy = path.join(dir, 'candidates.csv');
  writeFileSync(copy, readFileSync(CANDIDATES));
  const clobber = await runCli(['score', copy, JOBS, '--model', TINY_MODEL, '-q', '--no-cache', '-o', copy, '-f', 'json']);
  assert.equal(clobber.code, 2);
  assert.match(clobber.stderr, /--output '.*candidates\.csv' is the candidates file: writing it would replace the input/);
  assert.deepEqual(readFileSync(copy), readFileSync(CANDIDATES));
  // Another spelling of the same path is the same file.
  const spelled = await runCli(['score', copy, JOBS, '--model', TINY_MODEL, '-q', '--no-cache', '-o', path.join(dir, '.', 'x', '..', 'candidates.csv'), '-f', 'json']);
  assert.equal(spelled.code, 2);
  const same = path.join(dir, 'both.csv');
  const twice = await runCli(score('-o', same, '--matrix', same));
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /--matrix and --output name the same file/);
  assert.ok(!existsSync(same));
});

test('without --format the output file extension picks the format; an extension that names none is an error', async () => {
  const dir = tempDir();
  const npy = path.join(dir, 'vectors.npy');
  const embed = await runCli(['embed', CANDIDATES, '--kind', 'candidate', '--model', TINY_MODEL, '-q', '--no-cache', '-o', npy]);
  assert.equal(embed.code, 0, embed.stderr);
  assert.equal(readFileSync(npy).subarray(0, 6).toString('latin1'), '\x93NUMPY');
  assert.ok(existsSync(path.join(dir, 'vectors.ids.json')));

  const txt = path.join(dir, 'report.txt');
  assert.equal((await runCli(score('-o', txt))).code, 0);
  assert.match(readFileSync(txt, 'utf8'), /^Model: tiny-bert/m);
  for (const name of ['report.tsv', 'report']) {
    const r = await runCli(score('-o', path.join(dir, name)));
    assert.equal(r.code, 2, name);
    assert.match(r.stderr, /cannot tell the output format from '.*' \((\.tsv is not one|no extension)\): give --format table\|csv\|jsonl\|json\|html, or name the file \.csv, \.jsonl, \.ndjson \(jsonl\), \.json, \.txt \(table\), \.html, \.htm \(html\)/);
    assert.ok(!existsSync(path.join(dir, name)));
  }
  // An explicit --format writes any file name.
  assert.equal((await runCli(score('-o', path.join(dir, 'report.tsv'), '-f', 'csv'))).code, 0);

  const run = path.join(dir, 'skills.run');
  const rerank = await runCli(['rerank', '--job', 'nurse', '--skills', fixture('skills', 'skills.csv'), '--retriever', TINY_MODEL, '-q', '--no-cache', '-o', run]);
  assert.equal(rerank.code, 0, rerank.stderr);
  assert.match(readFileSync(run, 'utf8'), /^1 Q0 s\d 1 \S+ resumator$/m);
  const metrics = path.join(dir, 'metrics.txt');
  const evalRun = await runCli(['eval', 'ranking', '--qrels', fixture('eval', 'qrels.txt'), '--run', fixture('eval', 'run.txt'), '-o', metrics]);
  assert.equal(evalRun.code, 0, evalRun.stderr);
  assert.match(readFileSync(metrics, 'utf8'), /^Metrics \(mean over/m);
});

test('a field over 8,000,000 characters is refused alike in CSV and JSONL (file, line, field); 8,000,000 is accepted in both', async () => {
  const dir = tempDir();
  for (const [size, ok] of [[8_000_001, false], [8_000_000, true]] as const) {
    const text = 'a'.repeat(size);
    const csv = path.join(dir, `big-${size}.csv`);
    const jsonl = path.join(dir, `big-${size}.jsonl`);
    writeFileSync(csv, `id,text\nt1,short\nt2,${text}\n`);
    writeFileSync(jsonl, `{"id":"t1","text":"short"}\n{"id":"t2","text":"${text}"}\n`);
    for (const file of [csv, jsonl]) {
      const r = await runCli(['format', file, '--kind', 'text']);
      if (ok) {
        assert.equal(r.code, 0, `${path.basename(file)}: ${r.stderr}`);
      } else {
        assert.equal(r.code, 2, path.basename(file));
        // The record starts on line 3 of the CSV (after the header) and line 2 of the JSONL.
        assert.match(r.stderr, /big-8000001\.(csv:3|jsonl:2): field 'text': 8,000,001 characters, more than the 8,000,000 a field may hold/);
      }
    }
  }
});

test('an unwritable cache root for the lite model is a usage error that says how to move the cache', async () => {
  const dir = tempDir();
  const blocker = path.join(dir, 'a-file');
  writeFileSync(blocker, 'not a directory');
  const r = await runCli(['score', CANDIDATES, JOBS], { env: { RESUMATOR_CACHE_DIR: path.join(blocker, 'cache') } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error: cannot build the lite model into .*: a parent path is not a directory \(ENOTDIR\)\. The cache root is RESUMATOR_CACHE_DIR, else \$XDG_CACHE_HOME\/resumator, else ~\/\.cache\/resumator: set RESUMATOR_CACHE_DIR/);
  assert.doesNotMatch(r.stderr, /unexpected failure/);
});

test("onnxruntime's telemetry stays off: no device-id files under the cache or home directory", async () => {
  const home = freshCacheHome();
  temps.push(home);
  const r = await runCli(score(), { env: { XDG_CACHE_HOME: home, HOME: home } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(path.join(home, 'Microsoft')), `found ${readdirSync(home).join(', ')}`);
  assert.doesNotMatch(r.stderr, /onnxruntime|telemetry/i);
});

test('stdin named twice is a usage error; --min-score above 1 and an undeclared --dim get a note', async () => {
  const twice = await runCli(['score', '-', '-', '--model', TINY_MODEL, '--no-cache'], { input: 'id,resume\nc1,x\n' });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /candidates and jobs are both '-': standard input can be read only once/);
  const high = await runCli(['score', CANDIDATES, JOBS, '--model', TINY_MODEL, '--no-cache', '--min-score', '1.5', '-f', 'json']);
  assert.equal(high.code, 0, high.stderr);
  assert.match(high.stderr, /note: --min-score 1\.5 is above 1, the highest cosine similarity: no match will be listed/);
  assert.deepEqual((JSON.parse(high.stdout) as { matches: unknown[] }).matches, []);
  const dim = await runCli(['score', CANDIDATES, JOBS, '--model', TINY_MODEL, '--no-cache', '--dim', '12', '-f', 'json']);
  assert.equal(dim.code, 0, dim.stderr);
  assert.match(dim.stderr, /note: --dim 12 is not one of the dims tiny-bert was trained to truncate to \(32, 16, 8\)/);
  const declared = await runCli(['score', CANDIDATES, JOBS, '--model', TINY_MODEL, '--no-cache', '--dim', '16', '-f', 'json']);
  assert.doesNotMatch(declared.stderr, /--dim/);
});

test('models list shows built lite models beside Hub snapshots; models info calls a cross-encoder a classifier', async () => {
  const cacheDir = tempDir();
  const env = { RESUMATOR_CACHE_DIR: cacheDir };
  const built = await runCli(['models', 'build-lite', '--vocab', '2000', '-q'], { env });
  assert.equal(built.code, 0, built.stderr);
  const list = await runCli(['models', 'list'], { env });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^lite +v1-2k-sif0\.001-cc-pdrop-dkeep-hsplit +[\d.]+ (KiB|MiB) +lite +complete$/m);
  const json = await runCli(['models', 'list', '--json'], { env });
  assert.deepEqual((JSON.parse(json.stdout.trim()) as { kind: string; modelDir: string }).kind, 'lite');

  const info = await runCli(['models', 'info', fixture('models', 'tiny-cross-encoder')]);
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /^pooling: +none \(a classifier: outputs logits over 3 labels: irrelevant, contextual, core\)$/m);
  const help = await runCli(['eval', 'pairs', '--help']);
  assert.match(help.stdout, /there is no default/);
  assert.doesNotMatch(help.stdout, /\(the default;/);
});
