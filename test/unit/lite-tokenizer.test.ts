import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LITE_FIRST_WORD_ID, liteTokenizerConfig, liteTokenizerJson, producibleWord } from '../../src/lite/lite-tokenizer.js';
import { DEFAULT_LITE_VARIANT, type LiteVariant } from '../../src/lite/lite-variant.js';
import { TextTokenizer } from '../../src/tokenize/text-tokenizer.js';

const WORDS = ['the', ',', 'data', 'engineer', 'python', 'well-known', 'mp3', 'resume', 'well', 'known', 'company', '(', 'pad', 'cafe'];
const UNK = 1;
const id = (word: string): number => WORDS.indexOf(word) + LITE_FIRST_WORD_ID;

/** Loads the lite tokenizer through the same class the embedder uses. */
async function tokenizer(changes: Partial<LiteVariant> = {}): Promise<TextTokenizer> {
  const variant = { ...DEFAULT_LITE_VARIANT, ...changes };
  // Only producible words get a vocabulary entry, as in the builder.
  const words = WORDS.map((w) => (producibleWord(w, variant) ? w : `unused-slot-${w}`));
  const dir = mkdtempSync(path.join(tmpdir(), 'resumator-lite-tok-'));
  const file = path.join(dir, 'tokenizer.json');
  writeFileSync(file, JSON.stringify(liteTokenizerJson(words, variant)));
  return TextTokenizer.load(file, liteTokenizerConfig(2048), 2048);
}

test('default: lower-cased, accent-free words; punctuation dropped; unknown words become [UNK]', async () => {
  const tok = await tokenizer();
  assert.equal(tok.unkId, UNK);
  assert.equal(tok.padId, 0);
  assert.deepEqual(tok.encode('Python DATA engineer').ids, [id('python'), id('data'), id('engineer')]);
  assert.deepEqual(tok.encode('Résumé, Café!').ids, [id('resume'), id('cafe')]);
  assert.deepEqual(tok.encode('the zyxwv engineer').ids, [id('the'), UNK, id('engineer')]);
  assert.deepEqual(tok.encode('(the) , ... !!').ids, [id('the')]);
  // The possessive 's goes; the table has no "'s" token.
  assert.deepEqual(tok.encode("the company's data").ids, [id('the'), id('company'), id('data')]);
  // No special tokens around the text, and nothing at all for an empty or punctuation-only text.
  assert.deepEqual(tok.encode('').ids, []);
  assert.deepEqual(tok.encode('?!').ids, []);
});

test('typed control tokens cannot reach the pad or unknown ids by name', async () => {
  const tok = await tokenizer();
  // "[PAD]" is split into brackets (dropped) and the word "pad" (a real word here).
  assert.deepEqual(tok.encode('[PAD] [UNK]').ids, [id('pad'), UNK]);
});

test('hyphens: split (default) looks up the parts, keep looks up the compound', async () => {
  assert.deepEqual((await tokenizer()).encode('well-known data').ids, [id('well'), id('known'), id('data')]);
  assert.deepEqual((await tokenizer({ hyphens: 'keep' })).encode('well-known data-engineer').ids, [id('well-known'), UNK]);
});

test('punctuation keep: each mark is a token, looked up like a word', async () => {
  const tok = await tokenizer({ punct: 'keep' });
  assert.deepEqual(tok.encode('data, (python)').ids, [id('data'), id(','), id('('), id('python'), UNK]);
});

test('digits: keep looks words with digits up, drop removes them before lookup', async () => {
  assert.deepEqual((await tokenizer()).encode('MP3 2019 python').ids, [id('mp3'), UNK, id('python')]);
  assert.deepEqual((await tokenizer({ digits: 'drop' })).encode('MP3 2019 python').ids, [id('python')]);
});

test('producibleWord mirrors the pre-tokenizer', () => {
  const d = DEFAULT_LITE_VARIANT;
  assert.equal(producibleWord('python', d), true);
  assert.equal(producibleWord(',', d), false);
  assert.equal(producibleWord(',', { ...d, punct: 'keep' }), true);
  assert.equal(producibleWord('well-known', d), false);
  assert.equal(producibleWord('well-known', { ...d, hyphens: 'keep' }), true);
  assert.equal(producibleWord('mp3', d), true);
  assert.equal(producibleWord('mp3', { ...d, digits: 'drop' }), false);
});
