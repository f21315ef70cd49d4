/** `--shard I/N`: the records of one deterministic shard, in input order (src/input/shard.ts). */
import { shardPositions, type Shard } from '../input/shard.js';
import type { LoadedTexts } from './load-texts.js';

/**
 * The shard's records, or all of them without a shard.
 *
 * @example
 * selectShard({ ids: ['a', 'b', 'c'], texts }, { index: 1, count: 2 }).ids; // e.g. ['a', 'c']
 */
export function selectShard(loaded: LoadedTexts, shard: Shard | undefined): LoadedTexts {
  if (shard === undefined || shard.count === 1) return loaded;
  const positions = shardPositions(loaded.ids, shard);
  return { ids: positions.map((i) => loaded.ids[i]!), texts: positions.map((i) => loaded.texts[i]!) };
}
