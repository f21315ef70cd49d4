/** Shared helpers for the input-stage tests: fixture paths, chunked streams, collecting. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, from dist/test/support/input-helpers.js. */
export const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Absolute path of a file under fixtures/. */
export function fixture(relative: string): string {
  return join(root, 'fixtures', relative);
}

/**
 * A byte stream of `data` cut into `size`-byte chunks, so tests can split multi-byte
 * characters, CRLF pairs, the BOM and quoted fields across chunk boundaries.
 */
export async function* chunked(data: string | Uint8Array, size = 3): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
