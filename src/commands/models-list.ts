/** `resumator models list`: what the model cache holds. */
import { hubSettings } from '../hub/hub-settings.js';
import { listCachedModels, type CacheEntry } from '../hub/list-cache.js';
import type { Reporter } from '../reporter.js';
import { renderCacheTable } from '../report/models-list.js';

export interface ModelsListOptions {
  /** Cache root overriding the environment's. */
  cacheDir?: string;
  /** One JSON object per snapshot, one per line. */
  json: boolean;
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** Lists the cached models; returns them. */
export async function modelsListCommand(options: ModelsListOptions): Promise<CacheEntry[]> {
  const { cacheDir } = hubSettings(process.env, options.cacheDir);
  const entries = await listCachedModels(cacheDir);
  if (options.json) options.write(entries.map((e) => JSON.stringify(e) + '\n').join(''));
  else if (entries.length === 0) options.reporter.notice(`no models cached in ${cacheDir}`);
  else options.write(renderCacheTable(entries));
  return entries;
}
