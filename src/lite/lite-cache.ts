/**
 * The lite model in the model cache: <cache>/lite/<variant id>, built on first use.
 * <cache> is the cache root shared with Hub downloads (src/cache-root.ts).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_ROOT_HELP, cacheRoot } from '../cache-root.js';
import { UsageError } from '../errors.js';
import { buildLiteModel } from './build-lite.js';
import { liteVariantId, type LiteVariant } from './lite-variant.js';

export interface EnsureLiteOptions {
  env?: NodeJS.ProcessEnv;
  /** Cache root overriding the environment's (src/cache-root.ts). */
  cacheDir?: string;
  /** wink-embeddings JSON file; default: the installed package. */
  source?: string;
  /** One-line progress messages for stderr. */
  notice?: (message: string) => void;
}

/** The model cache root shared with Hub downloads (RESUMATOR_CACHE_DIR, XDG_CACHE_HOME/resumator, ~/.cache/resumator). */
export function modelCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return cacheRoot(env);
}

/** Where a lite variant lives in the cache. */
export function liteModelPath(variant: LiteVariant, env: NodeJS.ProcessEnv = process.env, cacheDir?: string): string {
  return path.join(cacheDir ?? modelCacheRoot(env), 'lite', liteVariantId(variant));
}

/**
 * Returns the directory of the lite variant, building it first when the cache lacks it.
 * Safe under concurrent first uses: each builder renames a complete temp directory into place
 * and a loser keeps the winner's identical copy, so a reader never sees a half-built directory.
 *
 * @example
 * const dir = await ensureLiteModel(DEFAULT_LITE_VARIANT, { notice: (m) => console.error(m) });
 */
export async function ensureLiteModel(variant: LiteVariant, options: EnsureLiteOptions = {}): Promise<string> {
  const dir = liteModelPath(variant, options.env, options.cacheDir);
  if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return dir;
  const started = Date.now();
  options.notice?.(`building the lite model ${liteVariantId(variant)} into ${dir} (first use only, a few seconds)`);
  try {
    await buildLiteModel({ out: dir, variant, ...(options.source === undefined ? {} : { source: options.source }) });
  } catch (err) {
    throw cacheWriteError(err, dir) ?? err;
  }
  options.notice?.(`built the lite model in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

const UNWRITABLE: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a parent path is not a directory',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
};

/** A cache directory that cannot be written is the user's to fix: say where it is and how to move it. */
function cacheWriteError(err: unknown, dir: string): UsageError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : UNWRITABLE[code];
  if (reason === undefined) return undefined;
  return new UsageError(
    `cannot build the lite model into ${dir}: ${reason} (${code}). The cache root is ${CACHE_ROOT_HELP}: ` +
      'set RESUMATOR_CACHE_DIR (or XDG_CACHE_HOME) to a writable directory, or build it elsewhere with `resumator models build-lite --out DIR` and pass --model DIR',
  );
}
