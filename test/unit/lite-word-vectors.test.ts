import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { ModelError } from '../../src/errors.js';
import { readWordVectors } from '../../src/lite/word-vectors.js';
import { TABLE_DIM, TABLE_WORDS, writeWinkTable } from '../support/lite-table.js';

test('reads every word, its rank and its vector, however the reads split the entries', async () => {
  const { file, vectors } = writeWinkTable();
  for (const chunkSize of [1, 7, 1 << 20]) {
    const table = await readWordVectors(file, { chunkSize });
    assert.deepEqual(table.words, [...TABLE_WORDS]);
    assert.deepEqual([...table.ranks], TABLE_WORDS.map((_, i) => i));
    assert.equal(table.dim, TABLE_DIM);
    assert.equal(table.sourceSize, TABLE_WORDS.length);
    table.words.forEach((word, i) => {
      const expected = (vectors.get(word) as number[]).map((x) => Math.fround(x));
      assert.deepEqual([...table.vectors.subarray(i * TABLE_DIM, (i + 1) * TABLE_DIM)], expected, `${word} at chunk size ${chunkSize}`);
    });
  }
});

test('limit counts accepted words only and ranks stay those of the whole table', async () => {
  const { file } = writeWinkTable();
  const table = await readWordVectors(file, { limit: 3, accept: (w) => /^\p{L}+$/u.test(w) });
  assert.deepEqual(table.words, ['the', 'and', 'data']);
  assert.deepEqual([...table.ranks], [0, 2, 3]);
  assert.equal(table.vectors.length, 3 * TABLE_DIM);
});

test('a truncated or foreign file is a ModelError naming the file', async () => {
  const { file } = writeWinkTable();
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, text.lastIndexOf('"nurse"')));
  await assert.rejects(readWordVectors(file), (err: unknown) => err instanceof ModelError && err.message.includes(file) && /truncated/.test(err.message));
  writeFileSync(file, '{"hello":"world"}');
  await assert.rejects(readWordVectors(file), (err: unknown) => err instanceof ModelError && /not a wink-embeddings file/.test(err.message));
  writeFileSync(file, '{"size":1,"dimensions":3,"words":["a"],"vectors":{"a":[1,2,3]}}');
  await assert.rejects(readWordVectors(file), (err: unknown) => err instanceof ModelError && /'a' has 3 values; expected 3 dimensions/.test(err.message));
});
