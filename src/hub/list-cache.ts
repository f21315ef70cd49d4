/**
 * What `models list` shows: every Hub snapshot in the cache, complete or partial, with its
 * refs, and every built lite model (`<cache>/lite/<variant>`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readCompleteRecord, repoFromDirName, snapshotPaths } from './cache-layout.js';
import { isCommitSha } from './repo-spec.js';

export interface CacheEntry {
  /** 'hub' for a pulled repo, 'lite' for a built lite model. */
  kind: 'hub' | 'lite';
  /** `owner/name`, or `lite`. */
  repo: string;
  /** The snapshot's commit, or the lite variant id. */
  sha: string;
  /** Branch and tag names whose ref points at this snapshot, sorted. */
  revisions: string[];
  /** Bytes of every file under the snapshot, partial downloads included. */
  sizeBytes: number;
  complete: boolean;
  /** Whether the model directory was converted from safetensors (false: the repo's own ONNX). */
  converted: boolean;
  /** The model directory `--model` loads, for complete snapshots. */
  modelDir: string | undefined;
}

/**
 * Lists cached snapshots, sorted by repo then sha; a missing cache directory lists nothing.
 *
 * @example
 * (await listCachedModels('/home/me/.cache/resumator'))[0]; // { repo: 'owner/name', revisions: ['main'], complete: true, ... }
 */
export async function listCachedModels(cacheDir: string): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const repoDir of await subdirectories(path.join(cacheDir, 'hub'))) {
    const repo = repoFromDirName(repoDir);
    if (repo === undefined) continue;
    const repoRoot = path.join(cacheDir, 'hub', repoDir);
    const refs = await readRefs(path.join(repoRoot, 'refs'));
    for (const sha of (await subdirectories(path.join(repoRoot, 'snapshots'))).filter(isCommitSha)) {
      const paths = snapshotPaths(cacheDir, repo, sha);
      const record = await readCompleteRecord(paths);
      entries.push({
        kind: 'hub',
        repo,
        sha,
        revisions: refs.filter(([, target]) => target === sha).map(([name]) => name).sort(),
        sizeBytes: await diskUsage(paths.root),
        complete: record !== undefined,
        converted: record?.converted ?? false,
        modelDir: record === undefined ? undefined : path.join(paths.root, record.modelDir),
      });
    }
  }
  for (const variant of await subdirectories(path.join(cacheDir, 'lite'))) {
    // A build in progress or abandoned sits in a temp directory beside the final one.
    if (variant.startsWith('.')) continue;
    const dir = path.join(cacheDir, 'lite', variant);
    entries.push({ kind: 'lite', repo: 'lite', sha: variant, revisions: [], sizeBytes: await diskUsage(dir), complete: true, converted: false, modelDir: dir });
  }
  return entries.sort((a, b) => a.repo.localeCompare(b.repo) || a.sha.localeCompare(b.sha));
}

async function subdirectories(dir: string): Promise<string[]> {
  const items = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return items.filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

async function readRefs(dir: string): Promise<Array<[string, string]>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const refs: Array<[string, string]> = [];
  for (const name of names) {
    if (name.includes('.tmp-')) continue;
    const target = (await readFile(path.join(dir, name), 'utf8').catch(() => '')).trim();
    if (isCommitSha(target)) refs.push([decodeURIComponent(name), target]);
  }
  return refs;
}

/** Walks by hand: recursive readdir's parentPath needs Node 20.12, the engines field says 20. */
async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  for (const item of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) total += await diskUsage(full);
    else if (item.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
