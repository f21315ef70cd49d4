import { access, readFile, open } from 'node:fs/promises';
import { ModelError } from '../errors.js';

const LFS_MAGIC = 'version https://git-lfs';

/**
 * Throws a ModelError when `file` is a Git LFS pointer instead of its content: a clone made
 * without `git lfs pull` leaves ~130-byte text files that otherwise fail with baffling parse errors.
 */
export async function assertNotLfsPointer(file: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    const head = Buffer.alloc(LFS_MAGIC.length);
    await handle.read(head, 0, head.length, 0);
    if (head.toString('utf8') === LFS_MAGIC) {
      throw new ModelError('is a Git LFS pointer file, not the real file; run `git lfs pull` in the model repository or download the file itself', file);
    }
  } finally {
    await handle.close();
  }
}

/** Reads and parses a JSON file of a model directory; missing or malformed files name themselves. */
export async function readModelJson(file: string): Promise<Record<string, unknown>> {
  await assertNotLfsPointer(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ModelError('file not found', file);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ModelError(`invalid JSON: ${(err as Error).message}`, file);
  }
}

/** Reads an optional JSON file: undefined when absent, a ModelError when present but broken. */
export async function readOptionalModelJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    await access(file);
  } catch {
    return undefined;
  }
  return readModelJson(file);
}
