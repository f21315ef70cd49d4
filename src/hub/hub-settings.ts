/**
 * Where the Hub is and how to talk to it, read once from the environment so that every piece
 * of the pull pipeline (and the tests) gets the same answer.
 */
import path from 'node:path';
import { cacheRoot } from '../cache-root.js';

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

export interface HubSettings {
  /** Base URL of the Hub, without a trailing slash (HF_ENDPOINT). */
  endpoint: string;
  /** HF_TOKEN, sent as `Authorization: Bearer`; never printed. */
  token: string | undefined;
  /** HF_HUB_OFFLINE: no request of any kind leaves the process. */
  offline: boolean;
  /** The resumator cache root (see docs/models.md, "Cache layout"). */
  cacheDir: string;
}

/**
 * Reads HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, RESUMATOR_CACHE_DIR and XDG_CACHE_HOME.
 * An explicit `cacheDir` (the `--cache-dir` flag) beats the environment.
 *
 * @example
 * hubSettings({ HF_HUB_OFFLINE: '1', XDG_CACHE_HOME: '/tmp/c' }).cacheDir; // '/tmp/c/resumator'
 */
export function hubSettings(env: NodeJS.ProcessEnv = process.env, cacheDir?: string): HubSettings {
  const endpoint = nonEmpty(env['HF_ENDPOINT']) ?? DEFAULT_HF_ENDPOINT;
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    token: nonEmpty(env['HF_TOKEN']),
    offline: isTruthy(env['HF_HUB_OFFLINE']),
    cacheDir: path.resolve(nonEmpty(cacheDir) ?? cacheRoot(env)),
  };
}

/** huggingface_hub's reading of boolean variables: 1/ON/YES/TRUE, any case. */
function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'on', 'yes', 'true'].includes(value.trim().toLowerCase());
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
