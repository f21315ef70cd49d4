import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths.js';

const npm = spawnSync('npm', ['install-scripts', '--help'], { cwd: repoRoot, encoding: 'utf8' });
const skip = npm.status === 0 ? false : 'this npm has no `install-scripts` command (npm 11 added allowScripts)';

test('every dependency install script is reviewed in allowScripts (npm warns about none, npm 12 blocks none we need)', { skip }, () => {
  const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /No packages with unreviewed install scripts/);
  assert.doesNotMatch(r.stderr, /Unknown project config/);
});

test("onnxruntime-node's download step is denied and the native builds are allowed", () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  assert.equal(pkg.allowScripts?.['onnxruntime-node'], false);
  assert.equal(pkg.allowScripts?.['better-sqlite3'], true);
  assert.equal(pkg.allowScripts?.['hnswlib-node'], true);
  assert.ok(!existsSync(path.join(repoRoot, '.npmrc')) || !readFileSync(path.join(repoRoot, '.npmrc'), 'utf8').includes('onnxruntime-node-install'), 'no project config key npm 11 warns about');
});
