/** `resumator models list`: what the model cache holds. */
import type { Command } from 'commander';
import { formatSize } from '../format-size.js';
import { hubSettings } from '../hub/hub-settings.js';
import { listCachedModels, type CacheEntry } from '../hub/list-cache.js';
import { CACHE_DIR_HELP } from './models-pull-command.js';

interface ListFlags {
  cacheDir?: string;
  json: boolean;
}

export function registerModelsList(models: Command): void {
  models
    .command('list')
    .description('list the models in the cache: repo, revision and commit, size on disk, converted or published ONNX, complete or partial')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option('--json', 'one JSON object per snapshot, one per line', false)
    .action(async (flags: ListFlags) => {
      const { cacheDir } = hubSettings(process.env, flags.cacheDir);
      const entries = await listCachedModels(cacheDir);
      if (flags.json) {
        process.stdout.write(entries.map((e) => JSON.stringify(e) + '\n').join(''));
      } else if (entries.length === 0) {
        process.stderr.write(`no models cached in ${cacheDir}\n`);
      } else {
        process.stdout.write(renderCacheTable(entries));
      }
    });
}

/** Aligned columns: REPO, REVISION (refs and short sha), SIZE, MODEL, STATE. */
export function renderCacheTable(entries: readonly CacheEntry[]): string {
  const rows = [
    ['REPO', 'REVISION', 'SIZE', 'MODEL', 'STATE'],
    ...entries.map((e) => [
      e.repo,
      e.revisions.length === 0 ? e.sha.slice(0, 7) : `${e.revisions.join(', ')} (${e.sha.slice(0, 7)})`,
      formatSize(e.sizeBytes),
      e.complete ? (e.converted ? 'converted' : 'onnx') : '-',
      e.complete ? 'complete' : 'partial',
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ') + '\n').join('');
}
