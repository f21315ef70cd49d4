import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Spawns the built binary exactly as a user would (bin/resumator.js), from the repo root.
 * XDG_CACHE_HOME is a fresh temp directory per call unless `options.env` sets it, so no test
 * reads or writes ~/.cache and no cached vector leaks from one test into another.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runWithCliEnv(process.execPath, [CLI_BIN, ...args], options);
}

/** The binary's path, for tests that run it through a shell pipeline. */
export const CLI_BIN = path.join(repoRoot, 'bin', 'resumator.js');

/**
 * Runs any command (e.g. `bash -c '… | head'`) with runCli's environment: a fresh cache home,
 * and no RESUMATOR_MODEL or RESUMATOR_CACHE_DIR leaking in from the developer's shell.
 */
export function runWithCliEnv(command: string, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const ownCacheHome = options.env?.['XDG_CACHE_HOME'] === undefined ? freshCacheHome() : undefined;
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: ownCacheHome, ...options.env };
    // A developer's own defaults (model, cache root, vector store) must not leak into tests.
    for (const name of ['RESUMATOR_MODEL', 'RESUMATOR_CACHE_DIR', 'RESUMATOR_STORE', 'RESUMATOR_STORE_SCHEMA']) {
      delete env[name];
      if (options.env?.[name] !== undefined) env[name] = options.env[name];
    }
    const child = spawn(command, [...args], { cwd: options.cwd ?? repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (ownCacheHome !== undefined) rmSync(ownCacheHome, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A new empty directory to serve as XDG_CACHE_HOME. */
export function freshCacheHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'resumator-cache-test-'));
}

export const TINY_MODEL = path.join(repoRoot, 'fixtures', 'models', 'tiny-bert');
