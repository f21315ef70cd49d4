/** Streaming UTF-8 validation that reports the line of the first invalid byte. */
import { InputError } from '../errors.js';

/** One validated chunk: the original bytes and their decoded text (BOM removed). */
export interface DecodedChunk {
  bytes: Uint8Array;
  text: string;
}

const LF = 0x0a;

/**
 * Decodes a byte stream as strict UTF-8, yielding each chunk's bytes beside its text.
 * Invalid UTF-8 throws InputError at the 1-based line of the offending byte, because a
 * silently substituted U+FFFD would change what the model sees without anyone noticing.
 */
export async function* decodeUtf8(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
): AsyncGenerator<DecodedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  // The last bytes of the previous chunk: enough to rebuild the decoder's pending state.
  let tail: Uint8Array = new Uint8Array(0);
  for await (const piece of source) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw invalidUtf8(file, lines + badByteLine(tail, bytes));
    }
    lines += countNewlines(bytes, bytes.length);
    tail = bytes.subarray(Math.max(0, bytes.length - 3));
    yield { bytes, text };
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield { bytes: new Uint8Array(0), text: rest };
  } catch {
    // Only a sequence cut short by the end of input can fail here; it sits after every LF.
    throw invalidUtf8(file, lines + 1);
  }
}

function invalidUtf8(file: string, line: number): InputError {
  return new InputError('invalid UTF-8 byte sequence; save the file as UTF-8', { file, line });
}

/**
 * The 1-based line, within `chunk`, of the first byte a fresh decoder rejects, when the
 * previous chunk ended with `tail`. LF never occurs inside a multi-byte sequence, so counting
 * LF bytes before the bad one gives its line.
 */
function badByteLine(tail: Uint8Array, chunk: Uint8Array): number {
  const carried = tail.subarray(cleanStart(tail));
  const buf = Buffer.concat([carried, chunk]);
  // Smallest prefix length that fails; failure is monotone in the prefix length.
  let lo = 1;
  let hi = buf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(buf.subarray(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  const badInChunk = lo - 1 - carried.length;
  return 1 + countNewlines(chunk, Math.max(0, badInChunk));
}

/** First offset from which `tail` decodes cleanly: skips continuation bytes of earlier chars. */
function cleanStart(tail: Uint8Array): number {
  for (let s = 0; s < tail.length; s++) if (!fails(tail.subarray(s))) return s;
  return tail.length;
}

function fails(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i >= 0 && i < end; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}
