import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLiteModel } from '../../src/lite/lite-cache.js';
import { DEFAULT_LITE_VARIANT } from '../../src/lite/lite-variant.js';
import { liteDefaultNotice } from '../../src/sources/resolve-model.js';
import { runCli } from '../support/cli.js';
import { singleCommitRepo, writeOnnxCheckpoint } from '../support/hub-fixtures.js';
import { startHubServer } from '../support/hub-server.js';
import { writeWinkTable } from '../support/lite-table.js';
import { fixture } from '../support/paths.js';

// How rerank and eval rerank find their models: no --retriever means the cached real model,
// else lite with one notice (issue 7); a Hub repo id is pulled with progress on stderr.
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `resumator-${prefix}-`));
  temps.push(dir);
  return dir;
}

// The default lite variant, built from a 16-word table into a temp cache, stands in for the
// 41 MB one built from the npm package: the CLI only sees a lite model at the default's path.
const cache = tempDir('rerank-cache');
const env: NodeJS.ProcessEnv = { RESUMATOR_CACHE_DIR: cache, HF_HUB_OFFLINE: '1' };
before(async () => {
  const { file } = writeWinkTable();
  temps.push(path.dirname(file));
  await ensureLiteModel(DEFAULT_LITE_VARIANT, { env, source: file });
});

const SKILLS = fixture('skills', 'skills.csv');
const NOTICE = liteDefaultNotice('--retriever');
const count = (text: string, part: string): number => text.split(part).length - 1;

test('rerank with no --retriever and no real model cached: lite, stage 2 skipped, one notice each', async () => {
  const r = await runCli(['rerank', '--job', 'data engineer', '--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'json'], { env });
  assert.equal(r.code, 0, r.stderr);
  // json states the skipped stage itself; the model notice comes once for two titles; the other
  // line is the embedding cache's summary.
  assert.equal(count(r.stderr, NOTICE), 1, r.stderr);
  assert.deepEqual(r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('cache: ')), [NOTICE]);
  const doc = JSON.parse(r.stdout) as { models: { retriever: string; reranker: string | null }; stage2: string; jobs: Array<{ skills: unknown[] }> };
  assert.deepEqual(doc.models, { retriever: 'lite', reranker: null });
  assert.match(doc.stage2, /^skipped/);
  assert.deepEqual(doc.jobs.map((j) => j.skills.length), [3, 3]);

  const trec = await runCli(['rerank', '--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'trec'], { env });
  assert.equal(trec.code, 0, trec.stderr);
  assert.equal(count(trec.stderr, NOTICE), 1, trec.stderr);
  assert.match(trec.stderr, /note: no --reranker given: stage 2 skipped/);
  assert.equal(trec.stdout.trim().split('\n').length, 3);

  const quiet = await runCli(['rerank', '--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'trec', '--quiet'], { env });
  assert.equal(quiet.stderr, '');
  const named = await runCli(['rerank', '--retriever', 'lite', '--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'trec'], { env });
  assert.equal(count(named.stderr, NOTICE), 0, 'a named model needs no notice');
  assert.equal(named.stdout, trec.stdout, '--retriever lite is the same model');
});

test('eval rerank with no --retriever: the same lite default and notice', async () => {
  const args = ['eval', 'rerank', '--queries', fixture('skills', 'queries'), '--skills', fixture('skills', 'corpus_elements'), '--qrels', fixture('eval', 'rerank-qrels.txt'), '--candidates', '3'];
  const r = await runCli([...args, '--format', 'json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(count(r.stderr, NOTICE), 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { retriever: { name: string }; reranker: unknown };
  assert.equal(doc.retriever.name, 'lite');
  assert.equal(doc.reranker, null);
});

test('rerank --retriever OWNER/NAME pulls on demand and says so on stderr', async () => {
  const server = await startHubServer([singleCommitRepo('owner/onnx', writeOnnxCheckpoint(tempDir('repo')))]);
  try {
    const hubEnv = { HF_ENDPOINT: server.endpoint, HF_TOKEN: '', HF_HUB_OFFLINE: '', RESUMATOR_CACHE_DIR: tempDir('hub-cache') };
    const r = await runCli(['rerank', '--retriever', 'owner/onnx', '--job', 'nurse', '--skills', SKILLS, '--candidates', '2', '--format', 'json'], { env: hubEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^pulling owner\/onnx@main from http/m);
    assert.equal(count(r.stderr, 'pulling owner/onnx'), 1);
    assert.equal((JSON.parse(r.stdout) as { jobs: Array<{ skills: unknown[] }> }).jobs[0]!.skills.length, 2);
  } finally {
    await server.close();
  }
});
