/**
 * The one cache root every cached thing lives under: pulled Hub models, the built lite model
 * and the embedding cache (docs/models.md, "Cache layout"; docs/cache.md).
 */
import os from 'node:os';
import path from 'node:path';

/**
 * RESUMATOR_CACHE_DIR, else $XDG_CACHE_HOME/resumator, else ~/.cache/resumator. A relative
 * XDG_CACHE_HOME is ignored, as the XDG base directory spec requires.
 *
 * @example
 * cacheRoot({ XDG_CACHE_HOME: '/tmp/c' }); // '/tmp/c/resumator'
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const explicit = nonEmpty(env['RESUMATOR_CACHE_DIR']);
  if (explicit !== undefined) return explicit;
  const xdg = nonEmpty(env['XDG_CACHE_HOME']);
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'resumator');
  return path.join(home, '.cache', 'resumator');
}

/** How the cache root was chosen, for error messages that tell users how to move it. */
export const CACHE_ROOT_HELP = 'RESUMATOR_CACHE_DIR, else $XDG_CACHE_HOME/resumator, else ~/.cache/resumator';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
