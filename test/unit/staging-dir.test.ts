import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withStagingDir, writeError } from '../../src/convert/staging-dir.js';
import { writeChunks } from '../../src/convert/write-model.js';

test('a full disk is one clear line, and the staging directory is gone after a failure', async () => {
  assert.equal(writeError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), '/x/out/model.onnx').message, '/x/out/model.onnx: disk full while writing model.onnx; nothing was kept, free some space and run again');
  if (existsSync('/dev/full')) {
    await assert.rejects(writeChunks('/dev/full', [{ offset: 0, bytes: new Uint8Array(10) }]), /\/dev\/full: disk full while writing full/);
  }
  const parent = mkdtempSync(path.join(os.tmpdir(), 'resumator-staging-'));
  let staging = '';
  await assert.rejects(
    withStagingDir(path.join(parent, 'out'), false, async (dir) => {
      staging = dir;
      assert.equal(path.dirname(dir), parent);
      throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    }),
    /ENOSPC/,
  );
  assert.ok(staging !== '' && !existsSync(staging));
  assert.deepEqual(readdirSync(parent), []);
});

test('SIGTERM while a model directory is being written removes the staging directory', async () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'resumator-staging-signal-'));
  const child = spawn(process.execPath, [fileURLToPath(new URL('../support/staging-child.js', import.meta.url)), path.join(parent, 'out')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('\n')) child.kill('SIGTERM');
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  assert.equal(signal, 'SIGTERM', 'the signal is re-raised, so the exit status still says killed');
  const staging = stdout.trim().replace(/^ready /, '');
  assert.equal(path.dirname(staging), parent);
  assert.deepEqual(readdirSync(parent), []);
});
