/**
 * A model directory appears whole or not at all: it is built in a hidden temp directory beside
 * the target and renamed into place at the end. A failure, SIGINT or SIGTERM removes the temp
 * directory, so the target's parent never holds a half-written model.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelError, ResumatorError } from '../errors.js';
import { registerCleanup } from '../exit-cleanup.js';

/** Error codes that mean the disk (or the user's quota) is full. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Turns an I/O failure while writing `file` into a one-line ModelError; a full disk says so.
 *
 * @example
 * await writeFile(target, bytes).catch((err) => { throw writeError(err, target); });
 */
export function writeError(err: unknown, file: string): ResumatorError {
  if (err instanceof ResumatorError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (DISK_FULL.has(code)) return new ModelError(`disk full while writing ${path.basename(file)}; nothing was kept, free some space and run again`, file);
  const reason = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
  return new ModelError(`cannot write: ${reason}`, file);
}

/** Fails unless `dir` is absent, or `force` allows replacing it. */
export async function checkTarget(dir: string, force: boolean): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || force) {
    if (info !== undefined && !info.isDirectory()) throw new ModelError('exists and is not a directory; choose another output path', dir);
    return;
  }
  throw new ModelError('output directory already exists; pass --force to replace it, or choose another path', dir);
}

/**
 * Runs `fill` on a fresh temp directory beside `target`, then moves it into place (replacing an
 * existing `target` only when `force`). On any failure the temp directory is removed.
 */
export async function withStagingDir<T>(target: string, force: boolean, fill: (staging: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(target));
  await mkdir(parent, { recursive: true }).catch((err: unknown) => {
    throw writeError(err, parent);
  });
  const staging = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging).catch((err: unknown) => {
    throw writeError(err, staging);
  });
  const release = registerCleanup(() => rmSync(staging, { recursive: true, force: true }));
  try {
    const result = await fill(staging);
    await checkTarget(target, force);
    await moveIntoPlace(staging, target);
    return result;
  } finally {
    release();
    await rm(staging, { recursive: true, force: true });
  }
}

/** Renames `staging` onto `target`; an existing target is moved aside first and deleted after. */
async function moveIntoPlace(staging: string, target: string): Promise<void> {
  const old = (await stat(target).catch(() => undefined)) === undefined ? undefined : `${staging}.old`;
  try {
    if (old !== undefined) await rename(target, old);
    await rename(staging, target);
  } catch (err) {
    if (old !== undefined) await rename(old, target).catch(() => undefined);
    throw writeError(err, target);
  }
  if (old !== undefined) await rm(old, { recursive: true, force: true });
}
