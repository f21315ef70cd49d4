import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLabel, normalizeText, stemPlural } from '../../../src/explain/normalize-text.js';

test('tokens are folded (case, accents, full-width, apostrophes) and padded with one space each side', () => {
  assert.equal(normalizeText('Café  Managers’ Guide').text, ' cafe manager guide ');
  assert.equal(normalizeText('ＳＱＬ and Node.js').text, ' sql and node js ');
  assert.equal(normalizeText('C++, C# and F#; a+b').text, ' c++ c# and f# a b ');
  assert.equal(normalizeText('#hashtag').text, ' hashtag ');
  assert.equal(normalizeText('').text, ' ');
});

test('every token maps back to its span in the original text, UTF-16 offsets (emoji and accents before it)', () => {
  const original = '😀 Résumé: built Databases, e-commerce';
  const n = normalizeText(original);
  const spans = Array.from(n.start, (s, i) => original.slice(s, n.end[i]));
  assert.deepEqual(spans, ['Résumé', 'built', 'Databases', 'e', 'commerce']);
  assert.equal(n.text, ' resume built database e commerce ');
  // `at` points at each token inside the normalised text.
  assert.deepEqual(Array.from(n.at, (a, i) => n.text.slice(a, a + (n.text.indexOf(' ', a) - a))).length, 5);
  assert.equal(n.text.slice(n.at[2], n.at[2]! + 'database'.length), 'database');
});

test("Harman's S-stemmer folds regular plurals only, on words of four letters or more", () => {
  assert.equal(stemPlural('technologies'), 'technology');
  assert.equal(stemPlural('databases'), 'database');
  assert.equal(stemPlural('skills'), 'skill');
  assert.equal(stemPlural('process'), 'process');
  assert.equal(stemPlural('status'), 'status');
  assert.equal(stemPlural('series'), 'series'.slice(0, -3) + 'y');
  assert.equal(stemPlural('aws'), 'aws');
  assert.equal(stemPlural('keys'), 'key');
  assert.equal(stemPlural('toes'), 'toe');
  assert.equal(stemPlural('analysis'), 'analysi');
  assert.equal(normalizeLabel('Database-Management Systems'), 'database management system');
  assert.equal(normalizeLabel(' -- '), '');
});
