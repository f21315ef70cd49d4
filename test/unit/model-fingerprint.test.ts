import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCachePath } from '../../src/cache/cache-path.js';
import { modelCacheKey, textCacheKey } from '../../src/cache/cache-key.js';
import { fileSha256, fingerprintFiles, modelFingerprint, type FileIdentity, type HashMemo } from '../../src/cache/model-fingerprint.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import { TINY_MODEL } from '../support/cli.js';
import { tinyModelCopy } from '../support/model-copy.js';

/** A memo in a Map that counts how often a file had to be hashed for real. */
function countingMemo(): HashMemo & { sets: number } {
  const map = new Map<string, string>();
  const id = (f: FileIdentity): string => `${f.path}|${f.size}|${f.mtimeNs}|${f.ino}`;
  const memo = { sets: 0, get: (f: FileIdentity) => map.get(id(f)), set: (f: FileIdentity, h: string) => void (map.set(id(f), h), memo.sets++) };
  return memo;
}

test('fileSha256 is the sha256 of the bytes, remembered until size, mtime or inode change', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-fp-')), 'model.onnx');
  writeFileSync(file, 'weights v1');
  const memo = countingMemo();
  assert.equal(await fileSha256(file, memo), createHash('sha256').update('weights v1').digest('hex'));
  assert.equal(await fileSha256(file, memo), createHash('sha256').update('weights v1').digest('hex'));
  assert.equal(memo.sets, 1, 'the second call used the memo');
  // Same size, new content, new mtime: hashed again.
  writeFileSync(file, 'weights v2');
  utimesSync(file, new Date(2030, 0, 1), new Date(2030, 0, 1));
  assert.equal(await fileSha256(file, memo), createHash('sha256').update('weights v2').digest('hex'));
  assert.equal(memo.sets, 2);
});

test('the fingerprint covers the ONNX file and the tokenizer files, under their relative names', async () => {
  const model = await loadModelDirectory(TINY_MODEL);
  assert.deepEqual((await fingerprintFiles(model)).map((f) => path.basename(f)), ['model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  const sha = (f: string): string => createHash('sha256').update(readFileSync(path.join(TINY_MODEL, f))).digest('hex');
  const expected = createHash('sha256')
    .update(`model.onnx\0${sha('model.onnx')}\ntokenizer.json\0${sha('tokenizer.json')}\ntokenizer_config.json\0${sha('tokenizer_config.json')}\n`)
    .digest('hex');
  assert.equal(await modelFingerprint(model), expected);
  assert.equal(await modelFingerprint(await loadModelDirectory(tinyModelCopy())), expected);
  assert.notEqual(await modelFingerprint(await loadModelDirectory(tinyModelCopy({ nudgeWeight: true }))), expected);
});

test('an external-data file beside the ONNX graph is part of the fingerprint', async () => {
  const dir = tinyModelCopy();
  const model = await loadModelDirectory(dir);
  const before = await modelFingerprint(model);
  writeFileSync(path.join(dir, 'model.onnx_data'), 'external weights');
  assert.deepEqual((await fingerprintFiles(model)).map((f) => path.basename(f)), ['model.onnx', 'model.onnx_data', 'tokenizer.json', 'tokenizer_config.json']);
  assert.notEqual(await modelFingerprint(model), before);
});

test('keys: every part of the model key and the exact text matter', () => {
  const base = { fingerprint: 'a'.repeat(64), pooling: 'mean' as const, maxSeqLength: 384 };
  const key = modelCacheKey(base);
  assert.equal(key.length, 32);
  for (const other of [{ ...base, fingerprint: 'b'.repeat(64) }, { ...base, pooling: 'cls' as const }, { ...base, maxSeqLength: 256 }]) {
    assert.notDeepEqual(modelCacheKey(other), key);
  }
  assert.deepEqual(textCacheKey(key, 'Title: Nurse'), createHash('sha256').update(key).update('Title: Nurse', 'utf8').digest());
  assert.notDeepEqual(textCacheKey(key, 'Title: Nurse'), textCacheKey(key, 'Title: Nurse '));
});

test('the default cache path follows XDG_CACHE_HOME, else ~/.cache; a relative XDG path is ignored', () => {
  assert.equal(defaultCachePath({ XDG_CACHE_HOME: '/var/c' }, '/home/ana'), path.join('/var/c', 'resumator', 'embeddings.sqlite'));
  assert.equal(defaultCachePath({}, '/home/ana'), path.join('/home/ana', '.cache', 'resumator', 'embeddings.sqlite'));
  assert.equal(defaultCachePath({ XDG_CACHE_HOME: 'rel/c' }, '/home/ana'), path.join('/home/ana', '.cache', 'resumator', 'embeddings.sqlite'));
  // One cache root: RESUMATOR_CACHE_DIR moves the embedding cache with the models.
  assert.equal(defaultCachePath({ RESUMATOR_CACHE_DIR: '/srv/rc', XDG_CACHE_HOME: '/var/c' }, '/home/ana'), path.join('/srv/rc', 'embeddings.sqlite'));
});
