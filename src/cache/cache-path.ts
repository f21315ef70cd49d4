/** Where the embedding cache lives when no --cache FILE is given: under the one cache root. */
import path from 'node:path';
import { cacheRoot } from '../cache-root.js';

export const CACHE_FILE_NAME = 'embeddings.sqlite';

/**
 * `<cache root>/embeddings.sqlite`: RESUMATOR_CACHE_DIR, else `$XDG_CACHE_HOME/resumator`, else
 * `~/.cache/resumator` (src/cache-root.ts), so moving the cache root moves everything.
 *
 * @example
 * defaultCachePath({ XDG_CACHE_HOME: '/tmp/c' }); // '/tmp/c/resumator/embeddings.sqlite'
 */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return path.join(cacheRoot(env, home), CACHE_FILE_NAME);
}
