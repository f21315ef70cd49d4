/** Where the embedding cache lives when no --cache FILE is given. */
import os from 'node:os';
import path from 'node:path';

export const CACHE_FILE_NAME = 'embeddings.sqlite';

/**
 * `$XDG_CACHE_HOME/resumator/embeddings.sqlite`, else `~/.cache/resumator/embeddings.sqlite`.
 * A relative XDG_CACHE_HOME is ignored, as the XDG base directory spec requires.
 *
 * @example
 * defaultCachePath({ XDG_CACHE_HOME: '/tmp/c' }); // '/tmp/c/resumator/embeddings.sqlite'
 */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(base, 'resumator', CACHE_FILE_NAME);
}
