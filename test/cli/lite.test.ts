import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LITE_VARIANT, liteVariantId } from '../../src/lite/lite-variant.js';
import { LITE_DEFAULT_NOTICE } from '../../src/sources/resolve-model.js';
import type { ScoreReport } from '../../src/report/score/score-report.js';
import { runCli, type CliResult } from '../support/cli.js';
import { writeWinkTable } from '../support/lite-table.js';
import { repoRoot } from '../support/paths.js';

// One model cache for the whole file: the first run builds the default lite model from the
// installed package (a few seconds), later runs reuse it.
const cache = mkdtempSync(path.join(os.tmpdir(), 'resumator-lite-cache-'));
const env = { XDG_CACHE_HOME: cache };
after(() => rmSync(cache, { recursive: true, force: true })); // a 41 MB model

/** Runs a shell-style command line from the repo root, as the README tells users to. */
function runReadmeCommand(command: string): Promise<CliResult> {
  const [bin = '', ...args] = command.split(' ');
  return new Promise((resolve, reject) => {
    // npx runs the package's own `prepare` script (tsc) before its bin, rewriting dist/ under
    // the CLI processes of test files running in parallel: one of them then imports a
    // half-written module and exits 1. `npm ci` has already built dist/, as for a user.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, npm_config_offline: 'true', npm_config_ignore_scripts: 'true' };
    delete childEnv['RESUMATOR_MODEL'];
    const child = spawn(bin, args, { cwd: repoRoot, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

const count = (text: string, part: string): number => text.split(part).length - 1;

test('the README main job runs on the lite model, built into the cache on first use', async () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const command = 'npx resumator score fixtures/candidates.csv fixtures/jobs.csv';
  assert.ok(readme.includes(`\n${command}\n`), 'the README states the main job as tested here');
  const builtAt = statSync(path.join(repoRoot, 'dist', 'src', 'cli', 'main.js')).mtimeMs;
  const r = await runReadmeCommand(command);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(path.join(repoRoot, 'dist', 'src', 'cli', 'main.js')).mtimeMs, builtAt, 'npx must not rebuild dist/ under parallel tests');
  assert.equal(count(r.stderr, LITE_DEFAULT_NOTICE), 1, r.stderr);
  assert.match(r.stderr, /building the lite model/);
  assert.ok(existsSync(path.join(cache, 'resumator', 'lite', liteVariantId(DEFAULT_LITE_VARIANT), 'model.onnx')));
  // Not a terminal: JSON lines, the top 10 of the 12 candidates for each of the 8 jobs.
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 8 * 10);
  for (const line of lines) {
    assert.deepEqual(Object.keys(line), ['job', 'candidate', 'score', 'rank', 'label']);
    assert.ok(typeof line['score'] === 'number' && line['score'] > -1 && line['score'] <= 1);
    assert.ok(['good', 'mid', 'bad'].includes(line['label'] as string));
  }
  assert.equal(new Set(lines.map((l) => l['job'])).size, 8);
});

test('later runs reuse the cache; JSON names the model lite; --model lite is the same model', async () => {
  await runCli(['score', 'fixtures/candidates.csv', 'fixtures/jobs.csv', '--quiet'], { env }); // builds if run alone
  const byDefault = await runCli(['score', 'fixtures/candidates.csv', 'fixtures/jobs.csv', '--format', 'json'], { env });
  assert.equal(byDefault.code, 0, byDefault.stderr);
  // One notice line, no rebuild; the other line is the embedding cache's summary (docs/cache.md).
  assert.deepEqual(byDefault.stderr.trimEnd().split('\n'), [LITE_DEFAULT_NOTICE, byDefault.stderr.trimEnd().split('\n')[1]]);
  assert.equal(count(byDefault.stderr, LITE_DEFAULT_NOTICE), 1);
  assert.match(byDefault.stderr, /\ncache: 20 of 20 distinct texts found in .*, 0 embedded\n$/);
  assert.doesNotMatch(byDefault.stderr, /building/);
  const report = JSON.parse(byDefault.stdout) as ScoreReport;
  assert.equal(report.model, 'lite');
  assert.equal(report.dim, 100);
  const named = await runCli(['score', 'fixtures/candidates.csv', 'fixtures/jobs.csv', '--format', 'json', '--model', 'lite'], { env });
  assert.doesNotMatch(named.stderr, /note:/, 'naming the model explicitly needs no notice');
  assert.deepEqual((JSON.parse(named.stdout) as ScoreReport).matches, report.matches);
});

test('models build-lite writes a variant from a given table; bad settings are usage errors', async () => {
  const { file } = writeWinkTable();
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-build-lite-')), 'm');
  const r = await runCli(['models', 'build-lite', '--out', out, '--source', file, '--vocab', '5', '--pooling', 'mean', '--no-common', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${out}\n`);
  const manifest = JSON.parse(readFileSync(path.join(out, 'resumator.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest['name'], 'lite');
  assert.equal(manifest['variant'], 'v1-5-mean-nocc-pdrop-dkeep-hsplit');
  assert.equal(manifest['words'], 5);
  assert.match(readFileSync(path.join(out, 'README.md'), 'utf8'), /GloVe[\s\S]*PDDL[\s\S]*The MIT License/);
  const again = await runCli(['models', 'build-lite', '--out', out, '--source', file]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
  const vocab = await runCli(['models', 'build-lite', '--vocab', 'lots']);
  assert.equal(vocab.code, 2);
  assert.match(vocab.stderr, /--vocab must be a positive integer/);
  const spec = await runCli(['score', 'fixtures/candidates.csv', 'fixtures/jobs.csv', '--model', 'lite:pooling=max'], { env });
  assert.equal(spec.code, 2);
  assert.match(spec.stderr, /pooling='max' is invalid; valid: mean, sif/);
});
