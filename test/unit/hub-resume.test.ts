import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { refFile, snapshotPaths } from '../../src/hub/cache-layout.js';
import { ModelError } from '../../src/errors.js';
import { recordingConverter, singleCommitRepo, tempDir, writeSafetensorsCheckpoint } from '../support/hub-fixtures.js';
import { sha256, startHubServer } from '../support/hub-server.js';
import { pull, testSettings } from '../support/hub-helpers.js';

const DROP_AT = 50_000;

async function setUp(faults: { ignoreRange?: boolean } = {}) {
  const src = writeSafetensorsCheckpoint(tempDir('repo'));
  const repo = singleCommitRepo('owner/resume', src);
  const server = await startHubServer([repo], { dropAfter: new Map([['model.safetensors', DROP_AT]]), ...faults });
  const settings = testSettings(server.endpoint);
  const paths = snapshotPaths(settings.cacheDir, 'owner/resume', repo.refs['main'] as string);
  const weights = readFileSync(path.join(src, 'model.safetensors'));
  return { server, settings, paths, weights, target: path.join(paths.sourceDir, 'model.safetensors') };
}

/** The requests that reached the CDN for the weights (the redirect hop carries no body). */
function transfers(server: Awaited<ReturnType<typeof setUp>>['server']) {
  return server.fileRequests('model.safetensors').filter((r) => r.path.startsWith('/cdn/'));
}

test('resume: a transfer cut off mid-file fails with a one-line re-run hint, leaves only <file>.incomplete, and the re-run resumes with Range', async () => {
  const { server, settings, paths, weights, target } = await setUp();
  try {
    const converter = recordingConverter();
    await assert.rejects(pull('owner/resume', settings, converter.convert, 0), (err: Error) => {
      assert.ok(err instanceof ModelError);
      assert.match(err.message, /^network failure while downloading model\.safetensors \(owner\/resume@main\): .*; re-run `resumator models pull owner\/resume` to resume$/);
      assert.equal(err.message.includes('\n'), false);
      return true;
    });
    const partialSize = statSync(`${target}.incomplete`).size;
    assert.ok(partialSize > 0 && partialSize <= DROP_AT, `partial size ${partialSize}`);
    assert.equal(existsSync(target), false, 'no file that looks complete');
    assert.equal(existsSync(paths.completeFile), false);
    assert.equal(existsSync(refFile(settings.cacheDir, 'owner/resume', 'main')), false);
    assert.deepEqual(converter.calls, []);

    const result = await pull('owner/resume', settings, converter.convert, 0);
    const [first, second] = transfers(server);
    assert.equal(first?.headers.range, undefined);
    assert.equal(second?.headers.range, `bytes=${partialSize}-`);
    assert.equal(second?.status, 206);
    assert.equal(sha256(readFileSync(target)), sha256(weights));
    assert.equal(existsSync(`${target}.incomplete`), false);
    assert.equal(result.downloaded, 1, 'only the interrupted file is fetched again');
    assert.equal(result.received, weights.length - partialSize);
  } finally {
    await server.close();
  }
});

test('resume: with retries a single pull survives the cut and resumes in-process', async () => {
  const { server, settings, weights, target } = await setUp();
  try {
    await pull('owner/resume', settings, recordingConverter().convert, 1);
    const ranges = transfers(server).map((r) => r.headers.range);
    assert.equal(ranges.length, 2);
    assert.equal(ranges[0], undefined);
    assert.match(ranges[1] ?? '', /^bytes=[1-9]\d*-$/);
    assert.deepEqual(readFileSync(target), weights);
  } finally {
    await server.close();
  }
});

test('resume: a server that ignores Range (200) restarts the file from zero instead of appending', async () => {
  const { server, settings, weights, target } = await setUp({ ignoreRange: true });
  try {
    await pull('owner/resume', settings, recordingConverter().convert, 1);
    const [, second] = transfers(server);
    assert.match(second?.headers.range ?? '', /^bytes=\d+-$/);
    assert.equal(second?.status, 200);
    assert.equal(statSync(target).size, weights.length);
    assert.equal(sha256(readFileSync(target)), sha256(weights));
  } finally {
    await server.close();
  }
});
