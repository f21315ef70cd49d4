/**
 * Downloads one repo file into the cache so that it is either absent, partial under
 * `<file>.incomplete`, or complete and verified under its own name: never a file that looks
 * complete but is not. A partial file is resumed with `Range: bytes=N-` by the next attempt or
 * the next run; a server that ignores the range (200) restarts it from zero.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ModelError } from '../errors.js';
import type { ProgressHandle, Reporter } from '../reporter.js';
import { INCOMPLETE_SUFFIX } from './cache-layout.js';
import { hashFile } from './file-hash.js';
import { fileUrl, hubFetch, type HubFile } from './hub-client.js';
import { diskFailure, isFsError, networkFailure, type PullContext } from './hub-errors.js';
import type { HubSettings } from './hub-settings.js';

export interface DownloadRequest {
  settings: HubSettings;
  context: PullContext;
  /** The commit the file is fetched at, so every file comes from the same snapshot. */
  sha: string;
  file: HubFile;
  /** Final path in the cache. */
  dest: string;
  reporter: Reporter;
  /** Further attempts after a network failure, each resuming from the partial file. */
  retries: number;
}

export interface DownloadResult {
  /** Bytes received over the network (0 when the file was already in place). */
  received: number;
  skipped: boolean;
}

const RETRY_DELAY_MS = 300;

/** A failure worth another attempt: the transfer broke off or the server had a bad moment. */
class TransientFailure extends Error {}

/**
 * Downloads, verifies and atomically places one file.
 *
 * @throws ModelError on a 404 (naming repo, revision and file), a hash or size mismatch (the
 *   partial file is deleted), a full disk, or a network failure that outlasts the retries.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const { file, dest } = request;
  const existing = await stat(dest).catch(() => undefined);
  // Only verified files are ever renamed into place, so a present file of the right size is done.
  if (existing?.isFile() === true && (file.size < 0 || existing.size === file.size)) return { received: 0, skipped: true };
  const partial = dest + INCOMPLETE_SUFFIX;
  await mkdir(path.dirname(dest), { recursive: true }).catch((err: unknown) => {
    throw diskFailure(path.dirname(dest), err);
  });
  const bar = request.reporter.progress(file.path, Math.max(file.size, 0));
  let received = 0;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        received += await transfer(request, partial, bar);
        break;
      } catch (err) {
        if (err instanceof ModelError) throw err;
        if (isFsError(err)) throw diskFailure(partial, err);
        if (attempt >= request.retries) throw networkFailure(request.context, `downloading ${file.path}`, err);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (attempt + 1)));
      }
    }
  } finally {
    bar.stop();
  }
  await verify(request, partial);
  await rename(partial, dest).catch((err: unknown) => {
    throw diskFailure(dest, err);
  });
  return { received, skipped: false };
}

/** One HTTP attempt, appending to the partial file; returns the bytes received. */
async function transfer(request: DownloadRequest, partial: string, bar: ProgressHandle): Promise<number> {
  const { settings, file } = request;
  let offset = (await stat(partial).catch(() => undefined))?.size ?? 0;
  if (file.size >= 0 && offset > file.size) {
    await rm(partial, { force: true });
    offset = 0;
  }
  if (file.size >= 0 && offset === file.size) return 0;
  // identity: a byte range of a compressed body would not line up with the file on disk.
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) };
  const response = await hubFetch(settings, fileUrl(settings, request.context.repo, request.sha, file.path), { headers });
  if (offset > 0 && !resumesAt(response, offset)) {
    // 200 (range ignored), 416 or a 206 for other bytes: the partial file cannot be trusted to line up.
    await response.body?.cancel();
    await rm(partial, { force: true });
    if (response.status !== 200) throw new TransientFailure(`server could not resume at byte ${offset} (HTTP ${response.status})`);
    const restart = await hubFetch(settings, fileUrl(settings, request.context.repo, request.sha, file.path), { headers: { 'accept-encoding': 'identity' } });
    return writeBody(restart, request, partial, 0, bar);
  }
  return writeBody(response, request, partial, offset, bar);
}

function resumesAt(response: Response, offset: number): boolean {
  if (response.status !== 206) return false;
  return new RegExp(`^bytes ${offset}-`).test(response.headers.get('content-range') ?? '');
}

async function writeBody(response: Response, request: DownloadRequest, partial: string, offset: number, bar: ProgressHandle): Promise<number> {
  checkStatus(response, request);
  if (response.body === null) throw new TransientFailure('empty response body');
  let done = offset;
  bar.update(done);
  // Each chunk is written (awaited) before the next is read, so when the connection drops every
  // byte received is already in <file>.incomplete and the next pull resumes after it. (A stream
  // pipeline would destroy the file stream on the network error, dropping writes still queued.)
  const file = await open(partial, offset > 0 ? 'a' : 'w');
  try {
    for await (const chunk of response.body as WebReadableStream<Uint8Array>) {
      await file.write(chunk);
      done += chunk.length;
      bar.update(done);
    }
  } finally {
    await file.close();
  }
  return done - offset;
}

function checkStatus(response: Response, request: DownloadRequest): void {
  if (response.ok) return;
  const { context, file, sha, settings } = request;
  const where = `${context.repo}@${context.revision} (commit ${sha.slice(0, 7)}) on ${settings.endpoint}`;
  if (response.status === 404) throw new ModelError(`file ${file.path} not found in ${where} (HTTP 404)`);
  if (response.status === 401 || response.status === 403) {
    throw new ModelError(`access to ${file.path} in ${where} denied (HTTP ${response.status}); the repo may be gated: set HF_TOKEN`);
  }
  throw new TransientFailure(`HTTP ${response.status} for ${file.path}`);
}

/** Size, then sha256 (LFS) or git blob sha1 (other files); a mismatch deletes the partial file. */
async function verify(request: DownloadRequest, partial: string): Promise<void> {
  const { file, context } = request;
  const digest = await hashFile(partial);
  let problem: string | undefined;
  if (file.size >= 0 && digest.size !== file.size) problem = `size ${digest.size} bytes, expected ${file.size}`;
  else if (file.sha256 !== undefined && digest.sha256 !== file.sha256) problem = `sha256 ${digest.sha256}, expected ${file.sha256}`;
  else if (file.sha256 === undefined && file.blobId !== undefined && digest.gitBlobSha1 !== file.blobId) {
    problem = `git blob sha1 ${digest.gitBlobSha1}, expected ${file.blobId}`;
  }
  if (problem === undefined) return;
  await rm(partial, { force: true });
  throw new ModelError(`downloaded ${file.path} from ${context.repo}@${context.revision} failed verification (${problem}); the file was deleted and nothing was cached`);
}
