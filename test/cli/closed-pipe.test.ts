/**
 * `resumator … | head -n 1`: the reader closes the pipe after one line while resumator still has
 * far more than a pipe buffer (64 KiB) to write. Every command must end quietly with exit code
 * 0 (docs: exit codes), never crash with an EPIPE stack trace or exit 1 ("a gate failed").
 * Runs through a real shell pipeline with `set -o pipefail`, as a CI step would.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_BIN, runWithCliEnv, TINY_MODEL } from '../support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-pipe-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const N = 1000;
const candidates = file(
  'candidates.jsonl',
  Array.from({ length: N }, (_, i) => JSON.stringify({ id: `c${i}`, name: `Person ${i}`, resume: `Engineer number ${i} with Python, SQL and ${i % 7} years of work.` })).join('\n') + '\n',
);
const jobs = file('jobs.jsonl', Array.from({ length: 10 }, (_, j) => JSON.stringify({ id: `j${j}`, title: `Job ${j}`, description: `Role ${j}: build data pipelines.` })).join('\n') + '\n');
const skills = file('skills.csv', 'id,name\n' + Array.from({ length: 1500 }, (_, i) => `s${i},skill number ${i}`).join('\n') + '\n');
const qrels = file('qrels.txt', Array.from({ length: 3000 }, (_, i) => `q${i % 600} 0 d${i} ${i % 3}`).join('\n') + '\n');
const run = file('run.txt', Array.from({ length: 3000 }, (_, i) => `q${i % 600} Q0 d${i} ${Math.floor(i / 600) + 1} ${1 - i / 3000} sys`).join('\n') + '\n');

/** Runs `resumator ARGS | head -n 1` under pipefail; returns resumator's own exit status and stderr. */
async function throughHead(args: readonly string[]): Promise<{ status: number | null; stderr: string; firstLine: string }> {
  const script = 'set -o pipefail; node "$0" "$@" | head -n 1; exit "${PIPESTATUS[0]}"';
  const r = await runWithCliEnv('bash', ['-c', script, CLI_BIN, ...args]);
  return { status: r.code, stderr: r.stderr, firstLine: r.stdout };
}

const cases: Array<[string, string[]]> = [
  ['score', ['score', candidates, jobs, '--model', TINY_MODEL, '--top', String(N), '--format', 'jsonl', '--no-cache', '-q']],
  ['rerank', ['rerank', '--job', 'data engineer', '--job', 'nurse', '--skills', skills, '--retriever', TINY_MODEL, '--candidates', '1500', '--format', 'jsonl', '--no-cache', '-q']],
  ['eval ranking', ['eval', 'ranking', '--qrels', qrels, '--run', run, '--format', 'json']],
  ['embed', ['embed', candidates, '--kind', 'candidate', '--model', TINY_MODEL, '--no-cache', '-q']],
  ['format', ['format', candidates, '--kind', 'candidate']],
];

for (const [name, args] of cases) {
  test(`${name} | head -n 1: the closed pipe ends the run quietly with exit 0`, async () => {
    const r = await throughHead(args);
    assert.equal(r.firstLine.split('\n').length, 2, `one line came through: ${r.firstLine.slice(0, 200)}`);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at .*\.js:\d+/);
  });
}
