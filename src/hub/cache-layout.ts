/**
 * The on-disk layout of pulled models (documented in docs/models.md, "Cache layout"):
 *
 *   <cache>/hub/models--OWNER--NAME/
 *     refs/<revision>                 commit sha a branch or tag resolved to (URI-encoded name)
 *     snapshots/<sha>/source/...      the repo's files as published, verified
 *     snapshots/<sha>/converted/      the ONNX model directory built from source/ (no ONNX export)
 *     snapshots/<sha>/complete.json   written last: the snapshot is usable only when this exists
 *
 * Everything is keyed by the resolved commit sha, so a moved branch never mixes files of two
 * commits, and a ref is written only after the snapshot it points to is complete.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diskFailure } from './hub-errors.js';
import { isCommitSha, type RepoSpec } from './repo-spec.js';

export const REPO_DIR_PREFIX = 'models--';
export const COMPLETE_FILE = 'complete.json';
/** Suffix of a download in progress; the next pull resumes from its size. */
export const INCOMPLETE_SUFFIX = '.incomplete';

export interface SnapshotPaths {
  /** snapshots/<sha> */
  root: string;
  /** Downloaded files, laid out as in the repo. */
  sourceDir: string;
  /** The converter's output when the repo publishes no ONNX model. */
  convertedDir: string;
  completeFile: string;
}

/** What complete.json records about a finished pull. */
export interface CompleteRecord {
  repo: string;
  sha: string;
  endpoint: string;
  /** The directory `--model` loads, relative to the snapshot: 'source' or 'converted'. */
  modelDir: 'source' | 'converted';
  converted: boolean;
  files: Array<{ path: string; size: number; sha256?: string }>;
  pulledAt: string;
}

/** A complete snapshot found in the cache. */
export interface CachedModel {
  repo: string;
  revision: string;
  sha: string;
  /** Absolute path of the model directory to load. */
  modelDir: string;
  record: CompleteRecord;
}

export function repoCacheDir(cacheDir: string, repo: string): string {
  return path.join(cacheDir, 'hub', REPO_DIR_PREFIX + repo.replace('/', '--'));
}

/** `models--owner--name` back to `owner/name` (neither part may contain `--`). */
export function repoFromDirName(name: string): string | undefined {
  if (!name.startsWith(REPO_DIR_PREFIX)) return undefined;
  const rest = name.slice(REPO_DIR_PREFIX.length);
  const cut = rest.indexOf('--');
  return cut <= 0 ? undefined : `${rest.slice(0, cut)}/${rest.slice(cut + 2)}`;
}

export function snapshotPaths(cacheDir: string, repo: string, sha: string): SnapshotPaths {
  const root = path.join(repoCacheDir(cacheDir, repo), 'snapshots', sha);
  return {
    root,
    sourceDir: path.join(root, 'source'),
    convertedDir: path.join(root, 'converted'),
    completeFile: path.join(root, COMPLETE_FILE),
  };
}

/** Ref names such as `refs/pr/1` are encoded into one flat file name. */
export function refFile(cacheDir: string, repo: string, revision: string): string {
  return path.join(repoCacheDir(cacheDir, repo), 'refs', encodeURIComponent(revision));
}

export async function readRef(cacheDir: string, repo: string, revision: string): Promise<string | undefined> {
  const text = await readFile(refFile(cacheDir, repo, revision), 'utf8').catch(() => undefined);
  const sha = text?.trim();
  return sha !== undefined && isCommitSha(sha) ? sha : undefined;
}

export async function writeRef(cacheDir: string, repo: string, revision: string, sha: string): Promise<void> {
  if (revision === sha) return;
  await writeSmallFileAtomic(refFile(cacheDir, repo, revision), `${sha}\n`);
}

export async function readCompleteRecord(paths: SnapshotPaths): Promise<CompleteRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(paths.completeFile, 'utf8')) as CompleteRecord;
    return record.modelDir === 'source' || record.modelDir === 'converted' ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCompleteRecord(paths: SnapshotPaths, record: CompleteRecord): Promise<void> {
  await writeSmallFileAtomic(paths.completeFile, JSON.stringify(record, null, 2) + '\n');
}

/**
 * Looks a repo spec up in the cache without any network: the revision's ref (or the sha itself)
 * must point at a snapshot whose complete.json exists. Partial snapshots are never returned.
 */
export async function findCachedModel(cacheDir: string, spec: RepoSpec): Promise<CachedModel | undefined> {
  const sha = isCommitSha(spec.revision) ? spec.revision : await readRef(cacheDir, spec.repo, spec.revision);
  if (sha === undefined) return undefined;
  const paths = snapshotPaths(cacheDir, spec.repo, sha);
  const record = await readCompleteRecord(paths);
  if (record === undefined) return undefined;
  return { repo: spec.repo, revision: spec.revision, sha, modelDir: path.join(paths.root, record.modelDir), record };
}

/** Temp file + rename: readers see the old content or the new, never a torn marker. */
async function writeSmallFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw diskFailure(file, err);
  }
}
