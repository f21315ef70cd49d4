/** Helpers for the vector store tests (test/cli/store*.test.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshCacheHome } from './cli.js';
import { repoRoot } from './paths.js';
import type { TestServer } from './pg-server.js';

/** `--store URL --store-schema SCHEMA`: each test gets its own schema on the file's server. */
export function storeArgs(server: TestServer, schema: string): string[] {
  return ['--store', server.url, '--store-schema', schema];
}

/** pgvector's text form `[1,-0.5,...]` as numbers. */
export function parseVector(text: string): number[] {
  return JSON.parse(text) as number[];
}

/** `embed` jsonl output: id -> vector. */
export function jsonlVectors(stdout: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of stdout.trim().split('\n').filter((l) => l !== '')) {
    const row = JSON.parse(line) as { id: string; embedding: number[] };
    out.set(row.id, row.embedding);
  }
  return out;
}

/** The stored rows of one schema's table: id -> { vector, hash (hex), xmin }. */
export async function storedRows(server: TestServer, schema: string, table = 'candidates'): Promise<Map<string, { vector: number[]; hash: string; xmin: string; source: string }>> {
  const rows = await server.query<{ id: string; v: string; h: string; xmin: string; source_file: string }>(
    `SELECT id, embedding::text AS v, encode(text_hash, 'hex') AS h, xmin::text AS xmin, source_file FROM "${schema}".${table} ORDER BY id`,
  );
  return new Map(rows.map((r) => [r.id, { vector: parseVector(r.v), hash: r.h, xmin: r.xmin, source: r.source_file }]));
}

/** The numbers in a store notice: `... 3 unchanged, 9 embedded, 9 written ...`. */
export function syncCounts(stderr: string, label = 'candidates'): { records: number; unchanged: number; embedded: number; written: number } {
  const m = new RegExp(`(\\d+) ${label}: (\\d+) unchanged, (\\d+) embedded, (\\d+) written`).exec(stderr);
  if (m === null) throw new Error(`no store summary for ${label} in: ${stderr}`);
  return { records: Number(m[1]), unchanged: Number(m[2]), embedded: Number(m[3]), written: Number(m[4]) };
}

/**
 * Polls `condition` until it holds: the waits in these tests are for states the server reports
 * (a session waiting on a lock, a session gone), never for a guessed duration.
 */
export async function waitFor(what: string, condition: () => Promise<boolean>, limitMs = 120_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** resumator sessions of `server` waiting on a lock (pg_stat_activity). */
export async function lockWaiters(server: TestServer): Promise<number[]> {
  const rows = await server.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'resumator' AND wait_event_type = 'Lock'`);
  return rows.map((r) => r.pid);
}

/**
 * A small candidates CSV (id,name,resume) in a temp dir; `suffix` is appended to the resume
 * texts of the ids in `changed` (all of them when absent).
 */
export function candidatesCsv(ids: readonly string[], suffix = '', changed?: ReadonlySet<string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-store-'));
  const file = path.join(dir, 'candidates.csv');
  const lines = ids.map((id, i) => `${id},Person ${i},"Engineer number ${i} with ${i + 2} years of Python, SQL and systems work.${changed === undefined || changed.has(id) ? suffix : ''}"`);
  writeFileSync(file, ['id,name,resume', ...lines].join('\n') + '\n');
  return file;
}

/** The CLI as a child process the test can kill: its pid-holding handle and its result. */
export function spawnCli(args: readonly string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const home = freshCacheHome();
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: home };
  for (const name of ['RESUMATOR_MODEL', 'RESUMATOR_STORE', 'RESUMATOR_STORE_SCHEMA']) delete env[name];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'resumator.js'), ...args], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ code, signal, stderr });
    }),
  );
  return { child, done };
}
