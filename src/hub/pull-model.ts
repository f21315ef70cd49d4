/**
 * `models pull`: resolve a revision to its commit, download the files a model needs into the
 * cache, convert when the repo publishes no ONNX graph, and only then mark the snapshot
 * complete and point the revision's ref at it.
 */
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import {
  findCachedModel,
  snapshotPaths,
  writeCompleteRecord,
  writeRef,
  type CachedModel,
  type CompleteRecord,
  type SnapshotPaths,
} from './cache-layout.js';
import { downloadFile } from './download-file.js';
import { fetchRepoInfo, type HubFile } from './hub-client.js';
import { diskFailure, pullCommand } from './hub-errors.js';
import type { HubSettings } from './hub-settings.js';
import { isCommitSha, type RepoSpec } from './repo-spec.js';
import { planFiles, SAFETENSORS_INDEX } from './select-files.js';

/**
 * Builds an ONNX model directory in `outDir` from the checkpoint in `srcDir`. Injected so that
 * the pull pipeline does not depend on the converter's module (the CLI passes the real one).
 */
/** Converts a downloaded checkpoint (srcDir) into a model directory (outDir); `spec` names its origin. */
export type ConvertFn = (srcDir: string, outDir: string, spec: RepoSpec) => Promise<void>;

export interface PullOptions {
  settings: HubSettings;
  reporter: Reporter;
  convert: ConvertFn;
  /** Further attempts per file after a network failure (default 2). */
  retries?: number;
}

export interface PullResult extends CachedModel {
  /** Files downloaded by this run (0 when the snapshot was already complete). */
  downloaded: number;
  /** Bytes received by this run. */
  received: number;
  alreadyCached: boolean;
}

/**
 * Pulls `spec` into the cache and returns the model directory to load.
 *
 * @example
 * const { modelDir } = await pullModel(parseRepoSpec('shankerram3/resumator'), { settings: hubSettings(), reporter, convert });
 * @throws ModelError when offline and not cached, for unknown repos or revisions, missing files,
 *   failed verification, a full disk, or a network failure (re-running resumes).
 */
export async function pullModel(spec: RepoSpec, options: PullOptions): Promise<PullResult> {
  const { settings } = options;
  const cached = settings.offline || isCommitSha(spec.revision) ? await findCachedModel(settings.cacheDir, spec) : undefined;
  if (cached !== undefined) return { ...cached, downloaded: 0, received: 0, alreadyCached: true };
  if (settings.offline) throw offlineError(spec, settings.cacheDir);

  const info = await fetchRepoInfo(settings, spec);
  const paths = snapshotPaths(settings.cacheDir, spec.repo, info.sha);
  const complete = await findCachedModel(settings.cacheDir, { repo: spec.repo, revision: info.sha });
  if (complete !== undefined) {
    await writeRef(settings.cacheDir, spec.repo, spec.revision, info.sha);
    return { ...complete, revision: spec.revision, downloaded: 0, received: 0, alreadyCached: true };
  }

  const plan = planFiles(info);
  let downloaded = 0;
  let received = 0;
  for (const file of plan.files) {
    const result = await downloadFile({
      settings,
      context: spec,
      sha: info.sha,
      file,
      dest: path.join(paths.sourceDir, ...file.path.split('/')),
      reporter: options.reporter,
      retries: options.retries ?? 2,
    });
    if (!result.skipped) downloaded += 1;
    received += result.received;
  }
  if (plan.needsConversion) {
    await checkShards(paths, plan.files);
    await convertInto(paths, options.convert, spec);
  }

  const record: CompleteRecord = {
    repo: spec.repo,
    sha: info.sha,
    endpoint: settings.endpoint,
    modelDir: plan.needsConversion ? 'converted' : 'source',
    converted: plan.needsConversion,
    files: plan.files.map((f) => ({ path: f.path, size: f.size, ...(f.sha256 === undefined ? {} : { sha256: f.sha256 }) })),
    pulledAt: new Date().toISOString(),
  };
  // complete.json, then the ref: a run killed between or before them leaves nothing that resolves.
  await writeCompleteRecord(paths, record);
  await writeRef(settings.cacheDir, spec.repo, spec.revision, info.sha);
  const modelDir = path.join(paths.root, record.modelDir);
  return { repo: spec.repo, revision: spec.revision, sha: info.sha, modelDir, record, downloaded, received, alreadyCached: false };
}

/** The error for a model that is neither cached nor allowed to be downloaded. */
export function offlineError(spec: RepoSpec, cacheDir: string): ModelError {
  return new ModelError(
    `${spec.repo}@${spec.revision} is not in the model cache (${cacheDir}) and HF_HUB_OFFLINE is set, so it cannot be downloaded: run \`${pullCommand(spec)}\` on a machine with network access (same cache directory) first`,
  );
}

/** Converts into a scratch directory renamed into place, so a failed conversion leaves no model. */
async function convertInto(paths: SnapshotPaths, convert: ConvertFn, spec: RepoSpec): Promise<void> {
  const scratch = `${paths.convertedDir}.incomplete`;
  await rm(scratch, { recursive: true, force: true });
  await rm(paths.convertedDir, { recursive: true, force: true });
  try {
    await convert(paths.sourceDir, scratch, spec);
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    if (err instanceof ModelError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw diskFailure(scratch, err);
    throw new ModelError(`converting ${spec.repo}@${spec.revision} to ONNX failed: ${(err as Error).message}`);
  }
  await rename(scratch, paths.convertedDir).catch(rethrowDisk(paths.convertedDir));
}

/** Every shard the index maps a tensor to must be among the downloaded files. */
async function checkShards(paths: SnapshotPaths, files: readonly HubFile[]): Promise<void> {
  if (!files.some((f) => f.path === SAFETENSORS_INDEX)) return;
  const indexFile = path.join(paths.sourceDir, SAFETENSORS_INDEX);
  let weightMap: Record<string, unknown>;
  try {
    weightMap = ((JSON.parse(await readFile(indexFile, 'utf8')) as Record<string, unknown>)['weight_map'] ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new ModelError(`invalid safetensors index: ${(err as Error).message}`, indexFile);
  }
  const have = new Set(files.map((f) => f.path));
  const missing = [...new Set(Object.values(weightMap).map(String))].filter((shard) => !have.has(shard));
  if (missing.length > 0) throw new ModelError(`the index names shards the repo does not have: ${missing.join(', ')}`, indexFile);
}

function rethrowDisk(file: string): (err: unknown) => never {
  return (err: unknown) => {
    throw err instanceof ModelError ? err : diskFailure(file, err);
  };
}
