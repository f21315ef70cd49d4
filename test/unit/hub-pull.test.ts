import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCachedModel, refFile, snapshotPaths } from '../../src/hub/cache-layout.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { ModelError } from '../../src/errors.js';
import { recordingConverter, singleCommitRepo, tempDir, writeOnnxCheckpoint, writeSafetensorsCheckpoint } from '../support/hub-fixtures.js';
import { fakeSha, sha256, startHubServer } from '../support/hub-server.js';
import { filesUnder, pull, testSettings } from '../support/hub-helpers.js';

const NEEDED = ['1_Pooling/config.json', 'config.json', 'modules.json', 'sentence_bert_config.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json'];

test('pull: a safetensors repo downloads only the needed files, verifies them, converts, then marks the snapshot complete', async () => {
  const src = writeSafetensorsCheckpoint(tempDir('repo'));
  const repo = singleCommitRepo('owner/tiny', src);
  const server = await startHubServer([repo]);
  try {
    const settings = testSettings(server.endpoint);
    const converter = recordingConverter();
    const result = await pull('owner/tiny', settings, converter.convert);
    const sha = repo.refs['main'] as string;
    const paths = snapshotPaths(settings.cacheDir, 'owner/tiny', sha);
    assert.equal(result.sha, sha);
    assert.equal(result.alreadyCached, false);
    assert.equal(result.downloaded, NEEDED.length + 2);
    assert.deepEqual(filesUnder(paths.sourceDir), [...NEEDED, 'README.md', 'model.safetensors'].sort());
    for (const file of filesUnder(paths.sourceDir)) {
      assert.deepEqual(readFileSync(path.join(paths.sourceDir, file)), readFileSync(path.join(src, file)), file);
    }
    for (const skipped of ['pytorch_model.bin', 'tf_model.h5', 'flax_model.msgpack', 'onnx/model_quantized.onnx']) {
      assert.deepEqual(server.fileRequests(skipped), [], `${skipped} must not be requested`);
    }
    // LFS files go through the CDN redirect, as on the Hub.
    assert.deepEqual(server.fileRequests('model.safetensors').map((r) => r.status), [302, 200]);
    // Ranges address bytes on disk, so downloads ask for the uncompressed body.
    assert.ok(server.fileRequests('tokenizer.json').every((r) => r.headers['accept-encoding'] === 'identity'));
    assert.deepEqual(converter.calls, [{ srcDir: paths.sourceDir, outDir: `${paths.convertedDir}.incomplete` }]);
    assert.equal(result.modelDir, paths.convertedDir);
    assert.equal((await loadModelDirectory(result.modelDir)).hiddenSize, 32);
    assert.equal(readFileSync(refFile(settings.cacheDir, 'owner/tiny', 'main'), 'utf8'), `${sha}\n`);
    const record = JSON.parse(readFileSync(paths.completeFile, 'utf8')) as { converted: boolean; files: Array<{ path: string; sha256?: string }> };
    assert.equal(record.converted, true);
    assert.equal(record.files.find((f) => f.path === 'model.safetensors')?.sha256, sha256(readFileSync(path.join(src, 'model.safetensors'))));
    assert.equal(existsSync(`${paths.convertedDir}.incomplete`), false);

    const before = server.requests.length;
    const again = await pull('owner/tiny', settings, converter.convert);
    assert.equal(again.alreadyCached, true);
    assert.equal(again.modelDir, paths.convertedDir);
    assert.deepEqual(server.requests.slice(before).map((r) => r.path), ['/api/models/owner/tiny/revision/main'], 'a re-pull only re-resolves the branch');
    assert.equal(converter.calls.length, 1);
  } finally {
    await server.close();
  }
});

test('pull: a repo publishing onnx/model.onnx is used as is: no converter call, no safetensors or ONNX variants downloaded', async () => {
  const src = writeOnnxCheckpoint(tempDir('repo'));
  const server = await startHubServer([singleCommitRepo('owner/onnx', src)]);
  try {
    const converter = recordingConverter();
    const result = await pull('owner/onnx', testSettings(server.endpoint), converter.convert);
    assert.deepEqual(converter.calls, []);
    assert.equal(result.record.converted, false);
    assert.equal(path.basename(result.modelDir), 'source');
    assert.deepEqual(filesUnder(result.modelDir), [...NEEDED, 'onnx/model.onnx'].sort());
    assert.deepEqual(server.fileRequests('model.safetensors'), []);
    assert.deepEqual(server.fileRequests('onnx/model_O4.onnx'), []);
    const model = await loadModelDirectory(result.modelDir);
    assert.equal(model.modelFile, path.join(result.modelDir, 'onnx', 'model.onnx'));
  } finally {
    await server.close();
  }
});

test('pull: @branch resolves to its commit, each revision gets a ref, and a cached @sha needs no network', async () => {
  const shaMain = fakeSha('main-commit');
  const shaV1 = fakeSha('v1-commit');
  const repo = {
    id: 'owner/multi',
    commits: [
      { sha: shaMain, dir: writeOnnxCheckpoint(tempDir('main')) },
      { sha: shaV1, dir: writeSafetensorsCheckpoint(tempDir('v1'), 2) },
    ],
    refs: { main: shaMain, v1: shaV1 },
  };
  const server = await startHubServer([repo]);
  try {
    const settings = testSettings(server.endpoint);
    const converter = recordingConverter();
    const v1 = await pull('owner/multi@v1', settings, converter.convert);
    assert.equal(v1.sha, shaV1);
    assert.equal(v1.revision, 'v1');
    assert.equal(readFileSync(refFile(settings.cacheDir, 'owner/multi', 'v1'), 'utf8').trim(), shaV1);
    assert.equal(existsSync(refFile(settings.cacheDir, 'owner/multi', 'main')), false);
    const main = await pull('owner/multi', settings, converter.convert);
    assert.equal(main.sha, shaMain);
    assert.equal((await findCachedModel(settings.cacheDir, { repo: 'owner/multi', revision: 'v1' }))?.modelDir, snapshotPaths(settings.cacheDir, 'owner/multi', shaV1).convertedDir);
    assert.equal((await findCachedModel(settings.cacheDir, { repo: 'owner/multi', revision: 'main' }))?.sha, shaMain);
    // Files of one commit are fetched at that commit's sha, never at the branch name.
    assert.ok(server.requests.filter((r) => r.path.includes('/resolve/')).every((r) => r.path.includes(`/resolve/${shaV1}/`) || r.path.includes(`/resolve/${shaMain}/`)));
    const before = server.requests.length;
    const pinned = await pull(`owner/multi@${shaV1}`, settings, converter.convert);
    assert.equal(pinned.alreadyCached, true);
    assert.equal(server.requests.length, before, 'a cached commit sha is served without asking the Hub');
    await assert.rejects(pull('owner/multi@nope', settings, converter.convert), (err: Error) => err instanceof ModelError && /owner\/multi@nope .* not found or not accessible \(HTTP 404\)/.test(err.message));
  } finally {
    await server.close();
  }
});

test('pull: HF_TOKEN goes as a bearer header on every request, CDN hop included', async () => {
  const server = await startHubServer([singleCommitRepo('owner/private', writeOnnxCheckpoint(tempDir('repo')))], { requireToken: 'hf_s3cret' });
  try {
    await pull('owner/private', testSettings(server.endpoint, { HF_TOKEN: 'hf_s3cret' }), recordingConverter().convert);
    assert.ok(server.requests.length >= NEEDED.length + 2);
    assert.ok(server.requests.some((r) => r.path.startsWith('/cdn/')));
    for (const r of server.requests) assert.equal(r.headers.authorization, 'Bearer hf_s3cret', r.path);
    const denied = pull('owner/private', testSettings(server.endpoint, { HF_TOKEN: 'hf_wrong' }), recordingConverter().convert);
    await assert.rejects(denied, (err: Error) => err instanceof ModelError && /HTTP 401/.test(err.message) && !err.message.includes('hf_wrong'));
    const anonymous = pull('owner/private', testSettings(server.endpoint), recordingConverter().convert);
    await assert.rejects(anonymous, /if it is private or gated, set HF_TOKEN/);
  } finally {
    await server.close();
  }
});
