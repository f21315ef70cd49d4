import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TINY_FIXTURE_SEED } from '../support/fixtures/tiny-fixture.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { writeTinyCheckpoint } from '../support/hf-checkpoint.js';
import { singleCommitRepo, tempDir } from '../support/hub-fixtures.js';
import { startHubServer } from '../support/hub-server.js';
import { fixture } from '../support/paths.js';

// The promise end to end: `score --model OWNER/NAME` on a repo that publishes only
// safetensors pulls it (from a local Hub on 127.0.0.1), converts it, caches it and scores with
// it; a second run needs no network at all.
test('score --model OWNER/NAME pulls a safetensors-only repo, converts it and scores like the same weights', async () => {
  const repoDir = tempDir('repo');
  await writeTinyCheckpoint(repoDir, { kind: 'bert', seed: TINY_FIXTURE_SEED, dtype: 'F16' });
  const server = await startHubServer([singleCommitRepo('acme/tiny-encoder', repoDir)]);
  const cache = tempDir('cache');
  const env = { HF_ENDPOINT: server.endpoint, RESUMATOR_CACHE_DIR: cache, HF_TOKEN: '', HF_HUB_OFFLINE: '' };
  const args = ['score', fixture('candidates.csv'), fixture('jobs.csv'), '--format', 'json'];
  try {
    const pulled = await runCli([...args, '--model', 'acme/tiny-encoder'], { env });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stderr, /pulling acme\/tiny-encoder@main/);
    const report = JSON.parse(pulled.stdout) as { model: string; matches: Array<{ score: number }> };
    assert.equal(report.model, 'acme/tiny-encoder');
    // The checkpoint holds the fixture's weights rounded to fp16: the same ranking model within that rounding.
    const fixtureReport = JSON.parse((await runCli([...args, '--model', TINY_MODEL])).stdout) as typeof report;
    assert.equal(report.matches.length, fixtureReport.matches.length);
    const maxDiff = Math.max(...report.matches.map((m, i) => Math.abs(m.score - (fixtureReport.matches[i]?.score ?? NaN))));
    assert.ok(maxDiff < 1e-2, `max score diff ${maxDiff}`);

    const requests = server.requests.length;
    const offline = await runCli([...args, '--model', 'acme/tiny-encoder'], { env: { ...env, HF_HUB_OFFLINE: '1' } });
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(offline.stdout, pulled.stdout, 'the cached conversion gives the same report');
    assert.equal(server.requests.length, requests, 'no request once cached');

    const converted = path.join(cache, 'hub', 'models--acme--tiny-encoder', 'snapshots', singleCommitRepo('acme/tiny-encoder', repoDir).commits[0]?.sha ?? '', 'converted');
    const manifest = JSON.parse(readFileSync(path.join(converted, 'resumator.json'), 'utf8')) as { source: { location: string }; architecture: string };
    assert.equal(manifest.architecture, 'BertModel');
    assert.equal(manifest.source.location, 'acme/tiny-encoder@main');
  } finally {
    await server.close();
  }
});
