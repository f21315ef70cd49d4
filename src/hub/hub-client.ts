/**
 * The two Hub endpoints a pull needs, with plain fetch:
 * - GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true: the commit sha a revision
 *   resolves to and every file with its size, git blob id and, for LFS files, sha256;
 * - GET {endpoint}/{repo}/resolve/{sha}/{path}: a file's bytes (LFS files redirect to a CDN;
 *   `Range: bytes=N-` resumes).
 */
import { ModelError } from '../errors.js';
import type { HubSettings } from './hub-settings.js';
import { networkFailure } from './hub-errors.js';
import type { RepoSpec } from './repo-spec.js';

export interface HubFile {
  /** Path inside the repo, '/'-separated. */
  path: string;
  size: number;
  /** sha256 of the content, for files stored in Git LFS. */
  sha256?: string;
  /** Git blob sha1; for non-LFS files it hashes the content itself. */
  blobId?: string;
}

export interface RepoInfo {
  repo: string;
  revision: string;
  /** The commit the revision resolved to. */
  sha: string;
  files: HubFile[];
}

/** Request headers for every Hub call; Authorization only when HF_TOKEN is set. */
export function hubHeaders(settings: HubSettings): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'resumator' };
  if (settings.token !== undefined) headers['authorization'] = `Bearer ${settings.token}`;
  return headers;
}

export function fileUrl(settings: HubSettings, repo: string, sha: string, filePath: string): string {
  return `${settings.endpoint}/${repo}/resolve/${sha}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** fetch, refused outright in offline mode so no code path can reach the network by mistake. */
export async function hubFetch(settings: HubSettings, url: string, init: RequestInit = {}): Promise<Response> {
  if (settings.offline) throw new ModelError(`HF_HUB_OFFLINE is set: refusing to contact ${settings.endpoint}`);
  return fetch(url, { ...init, headers: { ...hubHeaders(settings), ...(init.headers as Record<string, string> | undefined) } });
}

/**
 * Resolves a revision to its commit and lists the repo's files.
 *
 * @throws ModelError for an unknown or inaccessible repo or revision, a network failure, or an
 *   answer that is not the Hub's JSON.
 */
export async function fetchRepoInfo(settings: HubSettings, spec: RepoSpec): Promise<RepoInfo> {
  const url = `${settings.endpoint}/api/models/${spec.repo}/revision/${encodeURIComponent(spec.revision)}?blobs=true`;
  let response: Response;
  let body: unknown;
  try {
    response = await hubFetch(settings, url);
    body = response.ok ? await response.json() : undefined;
  } catch (err) {
    if (err instanceof ModelError) throw err;
    if (err instanceof SyntaxError) throw new ModelError(`${settings.endpoint} answered with something that is not JSON for ${spec.repo}@${spec.revision}`);
    throw networkFailure(spec, `asking ${settings.endpoint} about the repo`, err);
  }
  if (!response.ok) throw infoError(settings, spec, response.status);
  return parseRepoInfo(spec, body, settings.endpoint);
}

function infoError(settings: HubSettings, spec: RepoSpec, status: number): ModelError {
  const where = `${spec.repo}@${spec.revision} on ${settings.endpoint}`;
  if (status === 401 || status === 403 || status === 404) {
    const auth = settings.token === undefined ? 'if it is private or gated, set HF_TOKEN' : 'check that HF_TOKEN grants access to it';
    return new ModelError(`model ${where} not found or not accessible (HTTP ${status}): check the repo id and revision; ${auth}`);
  }
  return new ModelError(`${settings.endpoint} answered HTTP ${status} for ${where}; try again later`);
}

function parseRepoInfo(spec: RepoSpec, body: unknown, endpoint: string): RepoInfo {
  const json = (body ?? {}) as Record<string, unknown>;
  const sha = json['sha'];
  const siblings = json['siblings'];
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha) || !Array.isArray(siblings)) {
    throw new ModelError(`${endpoint} returned model info without a commit sha and file list for ${spec.repo}@${spec.revision}`);
  }
  const files = siblings.map((raw: unknown): HubFile => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const lfs = entry['lfs'] as Record<string, unknown> | undefined;
    const size = typeof lfs?.['size'] === 'number' ? lfs['size'] : entry['size'];
    const file: HubFile = { path: String(entry['rfilename'] ?? ''), size: typeof size === 'number' ? size : -1 };
    if (typeof lfs?.['sha256'] === 'string') file.sha256 = lfs['sha256'];
    if (typeof entry['blobId'] === 'string') file.blobId = entry['blobId'];
    return file;
  });
  return { repo: spec.repo, revision: spec.revision, sha, files };
}
