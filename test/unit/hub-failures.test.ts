import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCachedModel, refFile, snapshotPaths } from '../../src/hub/cache-layout.js';
import { diskFailure } from '../../src/hub/hub-errors.js';
import { listCachedModels } from '../../src/hub/list-cache.js';
import { locateModel } from '../../src/sources/resolve-model.js';
import { ModelError } from '../../src/errors.js';
import { recordingConverter, singleCommitRepo, tempDir, writeOnnxCheckpoint, writeSafetensorsCheckpoint } from '../support/hub-fixtures.js';
import { startHubServer, type Faults } from '../support/hub-server.js';
import { filesUnder, pull, testSettings } from '../support/hub-helpers.js';

async function serve(faults: Faults, id = 'owner/broken') {
  const repo = singleCommitRepo(id, writeSafetensorsCheckpoint(tempDir('repo')));
  const server = await startHubServer([repo], faults);
  const settings = testSettings(server.endpoint);
  return { server, settings, paths: snapshotPaths(settings.cacheDir, id, repo.refs['main'] as string) };
}

function isModelError(pattern: RegExp): (err: Error) => boolean {
  return (err) => err instanceof ModelError && pattern.test(err.message);
}

test('hash mismatch on an LFS file: rejected, the bad bytes deleted, nothing marked complete', async () => {
  const { server, settings, paths } = await serve({ corrupt: new Set(['model.safetensors']) });
  try {
    const converter = recordingConverter();
    await assert.rejects(
      pull('owner/broken', settings, converter.convert),
      isModelError(/^downloaded model\.safetensors from owner\/broken@main failed verification \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\)/),
    );
    const left = filesUnder(paths.root);
    assert.equal(left.some((f) => f.includes('model.safetensors')), false, left.join(', '));
    assert.equal(existsSync(paths.completeFile), false);
    assert.equal(existsSync(refFile(settings.cacheDir, 'owner/broken', 'main')), false);
    assert.deepEqual(converter.calls, []);
    assert.equal(await findCachedModel(settings.cacheDir, { repo: 'owner/broken', revision: 'main' }), undefined);
    const [entry] = await listCachedModels(settings.cacheDir);
    assert.equal(entry?.complete, false);
  } finally {
    await server.close();
  }
});

test('hash mismatch on a small non-LFS file is caught by its git blob sha1', async () => {
  const { server, settings, paths } = await serve({ corrupt: new Set(['tokenizer.json']) });
  try {
    await assert.rejects(pull('owner/broken', settings, recordingConverter().convert), isModelError(/tokenizer\.json .*failed verification \(git blob sha1 [0-9a-f]{40}, expected/));
    assert.equal(existsSync(path.join(paths.sourceDir, 'tokenizer.json')), false);
    assert.equal(existsSync(path.join(paths.sourceDir, 'tokenizer.json.incomplete')), false);
  } finally {
    await server.close();
  }
});

test('a needed file answering 404 names the file, repo, revision and commit; an unknown repo says so', async () => {
  const { server, settings, paths } = await serve({ missing: new Set(['tokenizer_config.json']) });
  try {
    const sha = path.basename(paths.root).slice(0, 7);
    await assert.rejects(
      pull('owner/broken', settings, recordingConverter().convert),
      isModelError(new RegExp(`^file tokenizer_config\\.json not found in owner/broken@main \\(commit ${sha}\\) on http://127\\.0\\.0\\.1:\\d+ \\(HTTP 404\\)$`)),
    );
    assert.equal(existsSync(paths.completeFile), false);
    await assert.rejects(pull('owner/absent', settings, recordingConverter().convert), isModelError(/^model owner\/absent@main on .* not found or not accessible \(HTTP 404\)/));
  } finally {
    await server.close();
  }
});

test('a repo without tokenizer.json or usable weights is refused before any download', async () => {
  const bare = tempDir('bare');
  writeFileSync(path.join(bare, 'config.json'), '{}');
  writeFileSync(path.join(bare, 'tokenizer.json'), '{}');
  writeFileSync(path.join(bare, 'pytorch_model.bin'), 'x');
  const noTokenizer = tempDir('notok');
  writeFileSync(path.join(noTokenizer, 'config.json'), '{}');
  const server = await startHubServer([singleCommitRepo('owner/bare', bare), singleCommitRepo('owner/notok', noTokenizer)]);
  try {
    const settings = testSettings(server.endpoint);
    await assert.rejects(pull('owner/bare', settings, recordingConverter().convert), isModelError(/no usable weights: .*\(found only pytorch_model\.bin; other formats are not converted\)/));
    await assert.rejects(pull('owner/notok', settings, recordingConverter().convert), isModelError(/^tokenizer\.json is missing from owner\/notok@main \(commit [0-9a-f]{7}\)/));
    assert.equal(server.requests.filter((r) => !r.path.startsWith('/api/')).length, 0);
  } finally {
    await server.close();
  }
});

test('a full disk is a one-line "disk full" error; other write failures name the cache', () => {
  const full = diskFailure('/cache/x.incomplete', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
  assert.ok(full instanceof ModelError);
  assert.match(full.message, /^\/cache\/x\.incomplete: disk full while writing to the model cache; free some space .* and re-run to resume$/);
  const denied = diskFailure('/cache/x', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
  assert.match(denied.message, /^\/cache\/x: cannot write to the model cache: EACCES: permission denied$/);
});

test('a cache directory that cannot be created fails as a cache write error, not a network one', async () => {
  const blocker = path.join(tempDir('blocked'), 'file');
  writeFileSync(blocker, 'in the way');
  const server = await startHubServer([singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')))]);
  try {
    await assert.rejects(pull('owner/onnx', testSettings(server.endpoint, {}, blocker), recordingConverter().convert), isModelError(/cannot write to the model cache: .*ENOTDIR/));
  } finally {
    await server.close();
  }
});

test('offline (HF_HUB_OFFLINE=1): cached models resolve, uncached ones name the pull command, and no request reaches the server', async () => {
  const server = await startHubServer([singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')))]);
  try {
    const cacheDir = tempDir('cache');
    const offline = testSettings(server.endpoint, { HF_HUB_OFFLINE: '1' }, cacheDir);
    await assert.rejects(
      pull('owner/onnx@v2', offline, recordingConverter().convert),
      isModelError(/^owner\/onnx@v2 is not in the model cache \(.*\) and HF_HUB_OFFLINE is set, so it cannot be downloaded: run `resumator models pull owner\/onnx@v2`/),
    );
    const env = { HF_ENDPOINT: server.endpoint, HF_HUB_OFFLINE: '1' };
    await assert.rejects(locateModel('owner/onnx', { env, cacheDir }), /run `resumator models pull owner\/onnx` on a machine with network access/);
    assert.equal(server.requests.length, 0);

    const online = await pull('owner/onnx', testSettings(server.endpoint, {}, cacheDir), recordingConverter().convert);
    const before = server.requests.length;
    assert.equal((await pull('owner/onnx', offline, recordingConverter().convert)).modelDir, online.modelDir);
    assert.equal(await locateModel('owner/onnx', { env, cacheDir }), online.modelDir);
    assert.equal(await locateModel('owner/onnx@main', { env, cacheDir }), online.modelDir);
    await assert.rejects(locateModel('owner/other', { env, cacheDir }), /resumator models pull owner\/other/);
    assert.equal(server.requests.length, before, 'offline mode sends nothing');
  } finally {
    await server.close();
  }
});

test('--model: an existing directory wins over a repo id of the same shape; a repo id pulls on demand once', async () => {
  const server = await startHubServer([singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')))]);
  try {
    const cwdLike = tempDir('dirs');
    const localDir = path.join(cwdLike, 'owner', 'onnx');
    const env = { HF_ENDPOINT: server.endpoint };
    const cacheDir = tempDir('cache');
    writeOnnxCheckpoint(localDir);
    assert.equal(await locateModel(localDir, { env, cacheDir }), localDir);
    assert.equal(server.requests.length, 0);
    const pulled = await locateModel('owner/onnx', { env, cacheDir });
    assert.equal(pulled, path.join(cacheDir, 'hub', 'models--owner--onnx', 'snapshots', path.basename(path.dirname(pulled)), 'source'));
    const count = server.requests.length;
    assert.equal(await locateModel('owner/onnx', { env, cacheDir }), pulled);
    assert.equal(server.requests.length, count, 'a cached model is used without asking the Hub');
    assert.equal(await locateModel('./not/a-repo', { env, cacheDir }), './not/a-repo', 'paths that are not repo ids go to the directory loader');
  } finally {
    await server.close();
  }
});
