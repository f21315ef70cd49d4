/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 (port 0) serving checkpoint directories the
 * tests write: the model-info endpoint with LFS hashes and git blob ids computed here,
 * independently of the client, and the resolve endpoint with Range support, LFS files
 * redirected to a CDN path as the real Hub does, and faults the tests switch on.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface FakeCommit {
  sha: string;
  /** Directory whose files are the commit's tree. */
  dir: string;
}

export interface FakeRepo {
  id: string;
  commits: FakeCommit[];
  /** Branch or tag name -> commit sha. */
  refs: Record<string, string>;
}

export interface Faults {
  /** path -> bytes: the first GET of that file sends this many bytes, then drops the connection. */
  dropAfter?: Map<string, number>;
  /** path -> bytes: every GET of that file sends this many bytes, then hangs until the server closes. */
  stallAfter?: Map<string, number>;
  /** Answer every ranged request with the whole file and 200, as some proxies do. */
  ignoreRange?: boolean;
  /** Files served with one byte flipped (the listing keeps the true hashes). */
  corrupt?: Set<string>;
  /** Files listed by the API but answering 404 on download. */
  missing?: Set<string>;
  /** When set, every request must carry `Authorization: Bearer <token>`, else 401. */
  requireToken?: string;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface HubServer {
  endpoint: string;
  requests: RecordedRequest[];
  faults: Faults;
  /** Requests for one repo file (resolve and CDN hops). */
  fileRequests(file: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Files stored in LFS, as on the Hub: weights and graphs. */
export const isLfsPath = (file: string): boolean => /\.(safetensors|onnx|bin|h5|msgpack)$/.test(file);

export function gitBlobSha1(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A deterministic fake commit sha from a label. */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

export async function startHubServer(repos: readonly FakeRepo[], faults: Faults = {}): Promise<HubServer> {
  const requests: RecordedRequest[] = [];
  const dropped = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = { path: decodeURIComponent(url.pathname), headers: req.headers, status: 0 };
    requests.push(record);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (faults.requireToken !== undefined && req.headers.authorization !== `Bearer ${faults.requireToken}`) {
      send(401, JSON.stringify({ error: 'Invalid credentials' }));
      return;
    }
    const cdn = /^\/cdn\/([^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(record.path);
    const info = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/(.+)$/.exec(record.path);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(record.path);
    if (info !== null) {
      const found = findCommit(repos, info[1] ?? '', info[2] ?? '');
      if (found === undefined) return send(404, JSON.stringify({ error: 'Repository or revision not found' }));
      return send(200, JSON.stringify({ id: info[1], sha: found.sha, siblings: siblings(found.dir) }), { 'content-type': 'application/json' });
    }
    const target = cdn ?? resolve;
    if (target === null) return send(404, 'not found');
    // CDN paths carry the repo as owner--name in one segment.
    const repoId = cdn === null ? (target[1] ?? '') : (target[1] ?? '').replace('--', '/');
    const sha = target[2] ?? '';
    const file = target[3] ?? '';
    const commit = findCommit(repos, repoId, sha);
    let content: Buffer;
    try {
      if (commit === undefined || faults.missing?.has(file)) throw new Error('missing');
      content = readFileSync(path.join(commit.dir, ...file.split('/')));
    } catch {
      return send(404, 'Entry not found', { 'x-error-code': 'EntryNotFound' });
    }
    if (cdn === null && isLfsPath(file)) {
      return send(302, '', { location: `/cdn/${repoId.replace('/', '--')}/${sha}/${file.split('/').map(encodeURIComponent).join('/')}` });
    }
    if (faults.corrupt?.has(file)) {
      content = Buffer.from(content);
      content[content.length >> 1] = (content[content.length >> 1] ?? 0) ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range !== null && faults.ignoreRange !== true ? Number(range[1]) : 0;
    if (start >= content.length && start > 0) return send(416, '', { 'content-range': `bytes */${content.length}` });
    const body = content.subarray(start);
    const headers: Record<string, string> = { 'content-length': String(body.length), 'accept-ranges': 'bytes' };
    if (start > 0) headers['content-range'] = `bytes ${start}-${content.length - 1}/${content.length}`;
    const drop = faults.dropAfter?.get(file);
    if (drop !== undefined && !dropped.has(file)) {
      dropped.add(file);
      dropMidway(res, start > 0 ? 206 : 200, headers, body.subarray(0, drop));
      record.status = start > 0 ? 206 : 200;
      return;
    }
    const stall = faults.stallAfter?.get(file);
    if (stall !== undefined) {
      record.status = start > 0 ? 206 : 200;
      res.writeHead(record.status, headers).write(body.subarray(0, stall));
      return;
    }
    send(start > 0 ? 206 : 200, body, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A test that forgets close() must not keep the runner alive.
  const guard = setTimeout(() => server.close(), 120_000).unref();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    faults,
    fileRequests: (file) => requests.filter((r) => r.path.endsWith(`/${file}`) && !r.path.startsWith('/api/')),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(guard);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the headers (with the full length) and part of the body, then kills the socket. */
function dropMidway(res: ServerResponse, status: number, headers: Record<string, string>, part: Buffer): void {
  res.writeHead(status, headers);
  res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
}

function findCommit(repos: readonly FakeRepo[], id: string, revision: string): FakeCommit | undefined {
  const repo = repos.find((r) => r.id === id);
  const sha = repo?.refs[revision] ?? revision;
  return repo?.commits.find((c) => c.sha === sha);
}

/** The Hub's `siblings` with `blobs=true`: size, blobId and, for LFS files, lfs.sha256. */
function siblings(dir: string): unknown[] {
  return listFiles(dir).map((file) => {
    const content = readFileSync(path.join(dir, ...file.split('/')));
    if (!isLfsPath(file)) return { rfilename: file, size: content.length, blobId: gitBlobSha1(content) };
    const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${content.length}\n`);
    return { rfilename: file, size: content.length, blobId: gitBlobSha1(pointer), lfs: { sha256: sha256(content), size: content.length, pointerSize: pointer.length } };
  });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(dir, `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}
