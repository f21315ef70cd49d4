import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built binary exactly as a user would (bin/resumator.js), from the repo root. */
export function runCli(args: readonly string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    delete env['RESUMATOR_MODEL'];
    if (options.env?.['RESUMATOR_MODEL'] !== undefined) env['RESUMATOR_MODEL'] = options.env['RESUMATOR_MODEL'];
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'resumator.js'), ...args], { cwd: options.cwd ?? repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export const TINY_MODEL = path.join(repoRoot, 'fixtures', 'models', 'tiny-bert');
