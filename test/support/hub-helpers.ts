/** Shared set-up for the Hub tests: a temp cache, settings pointing at the local server. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { silentReporter } from '../../src/reporter.js';
import { hubSettings, type HubSettings } from '../../src/hub/hub-settings.js';
import { pullModel, type ConvertFn, type PullResult } from '../../src/hub/pull-model.js';
import { parseRepoSpec } from '../../src/hub/repo-spec.js';
import { tempDir } from './hub-fixtures.js';

/** Settings built from an explicit environment only, so the developer's HF_* never leak in. */
export function testSettings(endpoint: string, env: NodeJS.ProcessEnv = {}, cacheDir = tempDir('cache')): HubSettings {
  return hubSettings({ HF_ENDPOINT: endpoint, ...env }, cacheDir);
}

export function pull(spec: string, settings: HubSettings, convert: ConvertFn, retries = 0): Promise<PullResult> {
  return pullModel(parseRepoSpec(spec), { settings, reporter: silentReporter, convert, retries });
}

/** Every file under `dir`, '/'-separated and sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}
