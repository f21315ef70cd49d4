/** Shared helpers for the input-stage tests: fixture paths, chunked streams, collecting, errors. */
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';

export { repoRoot as root, fixture } from './paths.js';

/** Awaits a promise that must reject with an InputError and returns its message. */
export async function inputError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected an InputError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof InputError, `not an InputError: ${String(err)}`);
  return err.message;
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
