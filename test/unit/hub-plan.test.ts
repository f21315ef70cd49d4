import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type { HubFile, RepoInfo } from '../../src/hub/hub-client.js';
import { hubSettings } from '../../src/hub/hub-settings.js';
import { isCommitSha, looksLikeRepoSpec, parseRepoSpec } from '../../src/hub/repo-spec.js';
import { MAX_DOC_BYTES, planFiles } from '../../src/hub/select-files.js';
import { UsageError } from '../../src/errors.js';

function info(files: Array<string | HubFile>): RepoInfo {
  return {
    repo: 'owner/m',
    revision: 'main',
    sha: 'a'.repeat(40),
    files: files.map((f) => (typeof f === 'string' ? { path: f, size: 10 } : f)),
  };
}

const BASE = ['config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', '1_Pooling/config.json', '2_Dense/config.json', '2_Dense/model.safetensors', '.gitattributes'];

test('planFiles: sharded safetensors take the index and every shard, nothing of other frameworks', () => {
  const plan = planFiles(info([...BASE, 'model.safetensors.index.json', 'model-00002-of-00002.safetensors', 'model-00001-of-00002.safetensors', 'pytorch_model.bin', 'pytorch_model-00001-of-00002.bin', 'rust_model.ot', 'openvino/openvino_model.xml']));
  assert.equal(plan.needsConversion, true);
  assert.deepEqual(plan.files.map((f) => f.path), [
    'config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', '1_Pooling/config.json', '2_Dense/config.json',
    'model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors',
  ]);
});

test('planFiles: onnx/model.onnx (with its external data) beats model.onnx and safetensors; no ONNX variants', () => {
  const plan = planFiles(info([...BASE, 'model.safetensors', 'model.onnx', 'onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model_quantized.onnx', 'onnx/model_fp16.onnx']));
  assert.equal(plan.needsConversion, false);
  assert.deepEqual(plan.files.slice(-2).map((f) => f.path), ['onnx/model.onnx', 'onnx/model.onnx_data']);
  assert.equal(plan.files.some((f) => f.path.endsWith('.safetensors') || f.path.includes('quantized') || f.path.includes('fp16')), false);
  assert.deepEqual(planFiles(info([...BASE, 'model.onnx'])).files.at(-1)?.path, 'model.onnx');
});

test('planFiles: README and LICENSE only when small; unsafe paths from the listing are ignored', () => {
  const plan = planFiles(info([...BASE, 'model.safetensors', { path: 'README.md', size: MAX_DOC_BYTES + 1 }, { path: 'LICENSE', size: 1000 }, '../config.json', '/etc/tokenizer.json']));
  const paths = plan.files.map((f) => f.path);
  assert.ok(paths.includes('LICENSE'));
  assert.ok(!paths.includes('README.md'));
  assert.ok(!paths.some((p) => p.includes('..') || p.startsWith('/')));
});

test('parseRepoSpec: owner/name with an optional revision; anything else is a UsageError showing the form', () => {
  assert.deepEqual(parseRepoSpec('shankerram3/resumator'), { repo: 'shankerram3/resumator', revision: 'main' });
  assert.deepEqual(parseRepoSpec('talentguide/skillscout-reranker@v1.2'), { repo: 'talentguide/skillscout-reranker', revision: 'v1.2' });
  assert.deepEqual(parseRepoSpec('o/n@refs/pr/3'), { repo: 'o/n', revision: 'refs/pr/3' });
  for (const bad of ['name-only', 'a/b/c', '../x', 'o/n@', 'o/n@../../etc', 'o--x/n', './o/n', '/abs/path', 'o/n@a b']) {
    assert.equal(looksLikeRepoSpec(bad), false, bad);
    assert.throws(() => parseRepoSpec(bad), (err: Error) => err instanceof UsageError && err.message.includes('OWNER/NAME@REVISION'));
  }
  assert.equal(isCommitSha('0123456789abcdef0123456789abcdef01234567'), true);
  assert.equal(isCommitSha('main'), false);
});

test('hubSettings: endpoint, token and offline from the environment; cache dir precedence', () => {
  const home = path.join(os.homedir(), '.cache', 'resumator');
  assert.deepEqual(hubSettings({}), { endpoint: 'https://huggingface.co', token: undefined, offline: false, cacheDir: home });
  const s = hubSettings({ HF_ENDPOINT: 'http://mirror.local/', HF_TOKEN: 'hf_x', HF_HUB_OFFLINE: 'TRUE', XDG_CACHE_HOME: '/x' });
  assert.deepEqual(s, { endpoint: 'http://mirror.local', token: 'hf_x', offline: true, cacheDir: '/x/resumator' });
  assert.equal(hubSettings({ XDG_CACHE_HOME: 'relative' }).cacheDir, home, 'a relative XDG_CACHE_HOME is ignored');
  assert.equal(hubSettings({ XDG_CACHE_HOME: '/x', RESUMATOR_CACHE_DIR: '/r' }).cacheDir, '/r');
  assert.equal(hubSettings({ RESUMATOR_CACHE_DIR: '/r' }, '/flag').cacheDir, '/flag');
  assert.equal(hubSettings({ HF_HUB_OFFLINE: '0' }).offline, false);
});
