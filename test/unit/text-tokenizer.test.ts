import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextTokenizer } from '../../src/tokenize/text-tokenizer.js';
import { sharedDir, skipWithoutShared } from '../support/paths.js';

async function load(model: string, maxLength: number): Promise<TextTokenizer> {
  const dir = path.join(sharedDir, 'models', model);
  const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  return TextTokenizer.load(path.join(dir, 'tokenizer.json'), config, maxLength);
}

test('MPNet: <s> text </s>, pad id 1, no truncation for short texts', { skip: skipWithoutShared }, async () => {
  const tok = await load('all-mpnet-base-v2', 384);
  const e = tok.encode('Hello World, Data Scientist!');
  assert.deepEqual(e.ids, [0, 7596, 2092, 1014, 2955, 7159, 1003, 2]);
  assert.equal(e.truncated, false);
  assert.equal(tok.padId, 1);
});

test('truncation counts the special tokens and keeps the closing one', { skip: skipWithoutShared }, async () => {
  const tok = await load('all-mpnet-base-v2', 6);
  const e = tok.encode('one two three four five six seven');
  assert.equal(e.ids.length, 6);
  assert.equal(e.ids[0], 0);
  assert.equal(e.ids[5], 2);
  assert.equal(e.truncated, true);
  const full = (await load('all-mpnet-base-v2', 384)).encode('one two three four five six seven').ids;
  assert.deepEqual(e.ids.slice(1, 5), full.slice(1, 5), 'keeps the first content tokens');
  const exact = tok.encode('one two three four');
  assert.equal(exact.truncated, false, 'exactly max length is not truncation');
  assert.equal(exact.ids.length, 6);
});

test('special-token strings inside a text become the unknown token', { skip: skipWithoutShared }, async () => {
  const tok = await load('all-mpnet-base-v2', 384);
  const ids = tok.encode('x <pad> [SEP] <s> </s> <unk> <mask> y').ids;
  const inner = ids.slice(1, -1);
  // MPNet's WordPiece unknown token is [UNK] (104); <unk> (3) is a separate special token.
  assert.equal(tok.unkId, 104);
  for (const special of [0, 1, 2, 3, 30526]) assert.ok(!inner.includes(special), `special id ${special} leaked into ${inner.join(',')}`);
  assert.equal(inner.filter((id) => id === tok.unkId).length, 5, '<pad>, <s>, </s>, <unk> and <mask> each become [UNK]');
});

test('BERT: [CLS] text [SEP], vocabulary size from the tokenizer', { skip: skipWithoutShared }, async () => {
  const tok = await load('all-MiniLM-L6-v2', 256);
  const ids = tok.encode('data scientist').ids;
  assert.equal(ids[0], 101);
  assert.equal(ids[ids.length - 1], 102);
  assert.equal(tok.vocabSize, 30522);
  assert.equal(tok.padId, 0);
});

test('an empty text still encodes to the special tokens alone', { skip: skipWithoutShared }, async () => {
  const tok = await load('all-MiniLM-L6-v2', 256);
  assert.deepEqual(tok.encode('').ids, [101, 102]);
});
