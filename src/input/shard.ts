/**
 * Deterministic shards of a corpus, so N CI runners can each embed one part with no
 * coordination: a record belongs to shard `1 + (h mod N)` where `h` is the first 8 bytes of
 * sha256(UTF-8 id) read as an unsigned big-endian 64-bit integer. It depends on the id alone,
 * never on the record's position, the file or the process, so shards are stable across runs
 * and machines, and a record keeps its shard when others are added or removed.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/** One shard of N: `index` is 1-based (`--shard 1/4` .. `--shard 4/4`). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `--shard I/N` (1 <= I <= N).
 *
 * @example
 * parseShard('2/4'); // { index: 2, count: 4 }
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N (e.g. --shard 1/4), got '${text}'`);
  }
  return { index, count };
}

/** The 1-based shard of `id` among `count` shards. */
export function shardOf(id: string, count: number): number {
  const h = createHash('sha256').update(id, 'utf8').digest().readBigUInt64BE(0);
  return Number(h % BigInt(count)) + 1;
}

/** Positions (in input order) of the ids that belong to `shard`. */
export function shardPositions(ids: readonly string[], shard: Shard): number[] {
  const positions: number[] = [];
  ids.forEach((id, i) => {
    if (shardOf(id, shard.count) === shard.index) positions.push(i);
  });
  return positions;
}

/** `1/4` */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
