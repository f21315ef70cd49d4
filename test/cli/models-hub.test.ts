import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { singleCommitRepo, tempDir, writeOnnxCheckpoint, writeSafetensorsCheckpoint } from '../support/hub-fixtures.js';
import { startHubServer, type HubServer } from '../support/hub-server.js';
import { fixture } from '../support/paths.js';

/** The CLI's environment: the local Hub, a temp XDG cache, and none of the developer's HF settings. */
function hubEnv(server: HubServer, xdg: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HF_ENDPOINT: server.endpoint, XDG_CACHE_HOME: xdg, HF_TOKEN: '', HF_HUB_OFFLINE: '', RESUMATOR_CACHE_DIR: '', ...extra };
}

test('models pull prints the model directory; models list shows repo, revision, size, kind and state', async () => {
  const onnx = singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')));
  const server = await startHubServer([onnx, singleCommitRepo('owner/weights', writeSafetensorsCheckpoint(tempDir('repo')))]);
  try {
    const cacheDir = tempDir('cache');
    const env = hubEnv(server, tempDir('xdg'));
    const sha = onnx.refs['main'] as string;
    const pulled = await runCli(['models', 'pull', 'owner/onnx', '--cache-dir', cacheDir, '--quiet'], { env });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(pulled.stdout, `${path.join(cacheDir, 'hub', 'models--owner--onnx', 'snapshots', sha, 'source')}\n`);
    assert.equal(pulled.stderr, '');
    const again = await runCli(['models', 'pull', 'owner/onnx', '--cache-dir', cacheDir], { env });
    assert.match(again.stderr, new RegExp(`^owner/onnx@main \\(commit ${sha.slice(0, 7)}\\) is already in the cache\\n$`));

    // A safetensors-only repo is converted after the download; this one's weights are not a real
    // checkpoint, so conversion fails: the files stay (a re-run needs no download) but the model
    // is not marked complete.
    const weights = await runCli(['models', 'pull', 'owner/weights', '--cache-dir', cacheDir, '--quiet'], { env });
    assert.equal(weights.code, 2);
    assert.match(weights.stderr, /^error: .*missing tensor 'embeddings\.word_embeddings\.weight'/);

    const list = await runCli(['models', 'list', '--cache-dir', cacheDir], { env });
    assert.equal(list.code, 0, list.stderr);
    const rows = list.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    assert.deepEqual(rows[0], ['REPO', 'REVISION', 'SIZE', 'MODEL', 'STATE']);
    assert.deepEqual([rows[1]?.[0], rows[1]?.[1], rows[1]?.[3], rows[1]?.[4]], ['owner/onnx', `main (${sha.slice(0, 7)})`, 'onnx', 'complete']);
    assert.match(rows[1]?.[2] ?? '', /^2\d\d\.\d KiB$/, 'the tiny graph is about 220 KiB');
    assert.deepEqual([rows[2]?.[0], rows[2]?.[3], rows[2]?.[4]], ['owner/weights', '-', 'partial']);
    assert.match(rows[2]?.[1] ?? '', /^[0-9a-f]{7}$/, 'a partial snapshot has no ref yet');

    const json = await runCli(['models', 'list', '--json'], { env: { ...env, RESUMATOR_CACHE_DIR: cacheDir } });
    const entries = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { repo: string; complete: boolean; converted: boolean });
    assert.deepEqual(entries.map((e) => [e.repo, e.complete, e.converted]), [['owner/onnx', true, false], ['owner/weights', false, false]]);
  } finally {
    await server.close();
  }
});

test('score --model OWNER/NAME pulls into XDG_CACHE_HOME on demand, then runs offline from the cache', async () => {
  const server = await startHubServer([singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')))]);
  try {
    const xdg = tempDir('xdg');
    const args = ['score', fixture('candidates.csv'), fixture('jobs.csv'), '--model', 'owner/onnx', '--format', 'json', '--quiet'];
    const first = await runCli(args, { env: hubEnv(server, xdg) });
    assert.equal(first.code, 0, first.stderr);
    assert.ok((JSON.parse(first.stdout) as { matches: unknown[] }).matches.length > 0);
    assert.ok(existsSync(path.join(xdg, 'resumator', 'hub', 'models--owner--onnx', 'refs', 'main')));

    const seen = server.requests.length;
    const offline = await runCli(args, { env: hubEnv(server, xdg, { HF_HUB_OFFLINE: '1' }) });
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(offline.stdout, first.stdout);
    const missing = await runCli([...args.slice(0, 4), 'owner/other', '--quiet'], { env: hubEnv(server, xdg, { HF_HUB_OFFLINE: '1' }) });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: owner\/other@main is not in the model cache .* run `resumator models pull owner\/other` on a machine with network access/);
    assert.equal(server.requests.length, seen, 'offline runs send no request');
  } finally {
    await server.close();
  }
});

test('models pull: network failure and bad ids are one-line errors with exit code 2', async () => {
  const server = await startHubServer([]);
  const endpoint = server.endpoint;
  await server.close();
  const env = { HF_ENDPOINT: endpoint, XDG_CACHE_HOME: tempDir('xdg'), HF_HUB_OFFLINE: '', RESUMATOR_CACHE_DIR: '' };
  const down = await runCli(['models', 'pull', 'owner/x@dev'], { env });
  assert.equal(down.code, 2);
  assert.match(down.stderr, /^error: network failure while asking http:\/\/127\.0\.0\.1:\d+ about the repo \(owner\/x@dev\): .*re-run `resumator models pull owner\/x@dev` to resume\n$/);
  const bad = await runCli(['models', 'pull', 'not-a-repo'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: 'not-a-repo' is not a Hub model id: expected OWNER\/NAME or OWNER\/NAME@REVISION/);
  const empty = await runCli(['models', 'list'], { env });
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout, '');
  assert.match(empty.stderr, /^no models cached in .*resumator\n$/);
});
