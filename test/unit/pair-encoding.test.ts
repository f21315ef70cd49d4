import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { tinyVocab } from '../support/fixtures/tiny-tokenizer.js';
import { padPairBatch } from '../../src/tokenize/batch.js';
import { longestFirstLengths, TextTokenizer } from '../../src/tokenize/text-tokenizer.js';
import { fixture } from '../support/paths.js';

const dir = fixture('models', 'tiny-bert');
const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
const load = (maxLength = 128): Promise<TextTokenizer> => TextTokenizer.load(path.join(dir, 'tokenizer.json'), config, maxLength);
/** Ids straight from the vocabulary list, independent of the tokenizer. */
const vocab = tinyVocab();
const id = (token: string): number => {
  const i = vocab.indexOf(token);
  assert.ok(i >= 0, `${token} not in the vocabulary`);
  return i;
};
const CLS = 2;
const SEP = 3;

test('a pair is [CLS] a [SEP] b [SEP] with token types 0 through the first [SEP], 1 after', async () => {
  const tok = await load();
  const e = tok.encodePair('Sales manager', 'retail store');
  assert.deepEqual(e.ids, [CLS, id('sales'), id('manager'), SEP, id('retail'), id('store'), SEP]);
  assert.deepEqual(e.typeIds, [0, 0, 0, 0, 1, 1, 1]);
  assert.equal(e.truncated, false);
});

test('a non-empty pair matches the tokenizer\'s own pair template', async () => {
  const tok = await load();
  const reference = new Tokenizer(JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object, config);
  for (const [a, b] of [['data scientist', 'machine learning'], ['Nurse', 'patient care, hospital ward'], ['x', 'Café Pythonista']] as const) {
    const expected = reference.encode(a, { text_pair: b, return_token_type_ids: true });
    const e = tok.encodePair(a, b);
    assert.deepEqual(e.ids, expected.ids, `${a} | ${b}`);
    assert.deepEqual(e.typeIds, expected.token_type_ids, `${a} | ${b}`);
  }
});

test('an empty second text still gives [CLS] a [SEP] [SEP], as upstream', async () => {
  const tok = await load();
  const e = tok.encodePair('data scientist', '');
  assert.deepEqual(e.ids, [CLS, id('data'), id('scientist'), SEP, SEP]);
  assert.deepEqual(e.typeIds, [0, 0, 0, 0, 1]);
  assert.deepEqual(tok.encodePair('', 'sql').ids, [CLS, SEP, id('sql'), SEP]);
});

test('longest_first trims the longer side and keeps all special tokens', async () => {
  const tok = await load(10); // room for 7 content tokens
  const e = tok.encodePair('nurse', 'one two three four five six seven eight');
  assert.deepEqual(e.ids, [CLS, id('nurse'), SEP, id('one'), id('two'), id('three'), id('four'), id('five'), id('six'), SEP]);
  assert.deepEqual(e.typeIds, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(e.truncated, true);
  // Both long: the 7 tokens split 3 + 4, the odd one to the second text (a tie).
  const both = tok.encodePair('one two three four five', 'sales manager retail store team');
  assert.deepEqual(both.ids, [CLS, id('one'), id('two'), id('three'), SEP, id('sales'), id('manager'), id('retail'), id('store'), SEP]);
  assert.equal(both.ids.length, 10);
});

test('longestFirstLengths follows the Rust tokenizers rule', () => {
  assert.deepEqual(longestFirstLengths(3, 4, 125), [3, 4], 'fits: untouched');
  assert.deepEqual(longestFirstLengths(3, 200, 125), [3, 122], 'only the longer side is cut');
  assert.deepEqual(longestFirstLengths(200, 3, 125), [122, 3]);
  assert.deepEqual(longestFirstLengths(100, 100, 125), [62, 63], 'tie: odd token to the second');
  assert.deepEqual(longestFirstLengths(100, 90, 125), [63, 62], 'both cut: odd token to the longer');
  assert.deepEqual(longestFirstLengths(70, 90, 125), [62, 63]);
  assert.deepEqual(longestFirstLengths(60, 90, 125), [60, 65]);
  assert.deepEqual(longestFirstLengths(0, 300, 125), [0, 125]);
});

test('special-token strings inside a pair text become [UNK]', async () => {
  const tok = await load();
  const e = tok.encodePair('nurse [SEP] x', '[CLS]');
  assert.deepEqual(e.ids, [CLS, id('nurse'), 1, id('x'), SEP, 1, SEP]);
});

test('padPairBatch pads to the longest pair and keeps the segments', () => {
  const batch = padPairBatch(
    [
      { ids: [2, 10, 3, 11, 3], typeIds: [0, 0, 0, 1, 1] },
      { ids: [2, 10, 3, 3], typeIds: [0, 0, 0, 1] },
    ],
    0,
  );
  assert.equal(batch.seqLength, 5);
  assert.deepEqual([...batch.inputIds], [2n, 10n, 3n, 11n, 3n, 2n, 10n, 3n, 3n, 0n]);
  assert.deepEqual([...batch.attentionMask], [1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n]);
  assert.deepEqual([...batch.tokenTypeIds], [0n, 0n, 0n, 1n, 1n, 0n, 0n, 0n, 1n, 0n]);
});
