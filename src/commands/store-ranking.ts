/**
 * The per-group loop of `score --store`: one store query per group, matches labelled and
 * decided as in process, and (with --ann) the recall against exact search on a sample.
 */
import { decide } from '../metrics/classification.js';
import { labelFor, type LabelThresholds } from '../report/labels.js';
import type { Match } from '../report/score/score-report.js';
import type { Reporter } from '../reporter.js';
import type { GroupBy } from '../similarity/top-k.js';
import type { NeighbourSearch } from '../store/vector-store.js';

export interface RankSettings {
  per: GroupBy;
  minScore?: number;
  selectThreshold?: number;
  thresholds: LabelThresholds;
  /** Groups also searched exactly for the recall; 0 or no HNSW: none. */
  recallGroups: number;
  reporter: Reporter;
}

export interface Ranked {
  matches: Match[];
  /** The matches' unrounded scores, for the distribution. */
  scores: number[];
  recall?: { value: number; groups: number };
}

/**
 * Ranks each of `groupIds` in order. Ties within a group go by the item's position in
 * `itemIds` (input order, as in process), or by id when the items are the whole store.
 */
export async function rankGroups(search: NeighbourSearch, groupIds: readonly string[], itemIds: readonly string[] | undefined, settings: RankSettings, emit: (matches: Match[]) => Promise<void>): Promise<Ranked> {
  const position = itemIds === undefined ? undefined : new Map(itemIds.map((id, i) => [id, i]));
  const order = (a: string, b: string): number => (position === undefined ? (a < b ? -1 : a > b ? 1 : 0) : position.get(a)! - position.get(b)!);
  const checked = sampleGroups(groupIds.length, settings.recallGroups);
  const minScore = settings.minScore ?? -Infinity;
  const matches: Match[] = [];
  const scores: number[] = [];
  let found = 0;
  let expected = 0;
  const bar = settings.reporter.progress('ranking in the store', groupIds.length);
  try {
    for (let g = 0; g < groupIds.length; g++) {
      const groupId = groupIds[g]!;
      const nearest = await search.nearest(groupId);
      const neighbours = nearest.filter((n) => n.score >= minScore && (position === undefined || position.has(n.id))).sort((a, b) => b.score - a.score || order(a.id, b.id));
      const group = neighbours.map((n, i): Match => {
        const [job, candidate] = settings.per === 'job' ? [groupId, n.id] : [n.id, groupId];
        const match: Match = { job, candidate, score: n.score, rank: i + 1, label: labelFor(n.score, settings.thresholds) };
        if (settings.selectThreshold !== undefined) match.decision = decide(n.score, settings.selectThreshold);
        return match;
      });
      if (checked.has(g)) {
        const exact = await search.exact(groupId);
        const approx = new Set(nearest.map((n) => n.id));
        expected += exact.length;
        found += exact.filter((n) => approx.has(n.id)).length;
      }
      matches.push(...group);
      for (const n of neighbours) scores.push(n.score);
      await emit(group);
      bar.update(g + 1);
    }
  } finally {
    bar.stop();
  }
  return checked.size === 0 ? { matches, scores } : { matches, scores, recall: { value: expected === 0 ? 1 : found / expected, groups: checked.size } };
}

/** `n` group positions spread evenly over `count` groups (all of them when n >= count). */
function sampleGroups(count: number, n: number): Set<number> {
  const picked = new Set<number>();
  const take = Math.min(count, Math.max(0, Math.floor(n)));
  for (let i = 0; i < take; i++) picked.add(Math.floor(((i + 0.5) * count) / take));
  return picked;
}
