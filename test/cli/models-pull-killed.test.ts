import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../support/cli.js';
import { singleCommitRepo, tempDir, writeOnnxCheckpoint } from '../support/hub-fixtures.js';
import { startHubServer } from '../support/hub-server.js';
import { repoRoot } from '../support/paths.js';

const STALL_AT = 100_000;

test('a pull killed mid-transfer leaves only <file>.incomplete and no complete marker; the next pull resumes it with Range', async () => {
  const src = writeOnnxCheckpoint(tempDir('repo'));
  const repo = singleCommitRepo('owner/killed', src);
  const server = await startHubServer([repo], { stallAfter: new Map([['onnx/model.onnx', STALL_AT]]) });
  try {
    const cacheDir = tempDir('cache');
    const env = { ...process.env, HF_ENDPOINT: server.endpoint, HF_TOKEN: '', HF_HUB_OFFLINE: '' };
    const snapshot = path.join(cacheDir, 'hub', 'models--owner--killed', 'snapshots', repo.refs['main'] as string);
    const target = path.join(snapshot, 'source', 'onnx', 'model.onnx');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'resumator.js'), 'models', 'pull', 'owner/killed', '--cache-dir', cacheDir, '--quiet'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Bounded wait for the stalled transfer to have written its first bytes.
    for (let i = 0; i < 200 && (statSync(`${target}.incomplete`, { throwIfNoEntry: false })?.size ?? 0) < STALL_AT; i += 1) await sleep(50);
    child.kill('SIGKILL');
    await exited;
    assert.equal(statSync(`${target}.incomplete`).size, STALL_AT);
    assert.equal(existsSync(target), false);
    assert.equal(existsSync(path.join(snapshot, 'complete.json')), false);
    assert.equal(existsSync(path.join(cacheDir, 'hub', 'models--owner--killed', 'refs', 'main')), false);

    server.faults.stallAfter = undefined;
    const resumed = await runCli(['models', 'pull', 'owner/killed', '--cache-dir', cacheDir, '--quiet'], { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const last = server.fileRequests('onnx/model.onnx').at(-1);
    assert.equal(last?.headers.range, `bytes=${STALL_AT}-`);
    assert.equal(last?.status, 206);
    assert.deepEqual(readFileSync(target), readFileSync(path.join(src, 'onnx', 'model.onnx')));
    assert.ok(existsSync(path.join(snapshot, 'complete.json')));
  } finally {
    await server.close();
  }
});
