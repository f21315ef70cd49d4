/** The table of `resumator models list`. */
import { formatSize } from '../format-size.js';
import type { CacheEntry } from '../hub/list-cache.js';

/** Aligned columns: REPO, REVISION (refs and short sha; a lite model's variant), SIZE, MODEL, STATE. */
export function renderCacheTable(entries: readonly CacheEntry[]): string {
  const rows = [
    ['REPO', 'REVISION', 'SIZE', 'MODEL', 'STATE'],
    ...entries.map((e) => [
      e.repo,
      e.kind === 'lite' ? e.sha : e.revisions.length === 0 ? e.sha.slice(0, 7) : `${e.revisions.join(', ')} (${e.sha.slice(0, 7)})`,
      formatSize(e.sizeBytes),
      e.kind === 'lite' ? 'lite' : e.complete ? (e.converted ? 'converted' : 'onnx') : '-',
      e.complete ? 'complete' : 'partial',
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ') + '\n').join('');
}
