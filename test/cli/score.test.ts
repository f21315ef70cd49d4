import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScoreReport } from '../../src/report/score/score-report.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const candidatesCsv = fixture('candidates.csv');
const jobsCsv = fixture('jobs.csv');
const model = ['--model', TINY_MODEL, '--quiet'];

function parseJsonl(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function scoreJson(args: string[]): Promise<ScoreReport> {
  const r = await runCli(['score', ...args, ...model, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ScoreReport;
}

test('score: jsonl by default off a terminal, top 10 per job, ranks in score order', async () => {
  const r = await runCli(['score', candidatesCsv, jobsCsv, ...model]);
  assert.equal(r.code, 0, r.stderr);
  const full = await scoreJson([candidatesCsv, jobsCsv]);
  const lines = parseJsonl(r.stdout);
  assert.deepEqual(lines, full.matches, 'jsonl lines are exactly the json matches');
  const jobs = new Set(lines.map((l) => l.job));
  const nCandidates = full.stats.count / jobs.size;
  assert.equal(lines.length, jobs.size * Math.min(10, nCandidates));
  for (const job of jobs) {
    const group: Record<string, unknown>[] = lines.filter((l) => l.job === job);
    assert.deepEqual(group.map((l) => l.rank), group.map((_, i) => i + 1));
    for (let i = 1; i < group.length; i++) assert.ok((group[i - 1]?.score as number) >= (group[i]?.score as number));
    for (const m of group) {
      const s = m.score as number;
      assert.equal(m.label, s >= 0.6 ? 'good' : s <= 0.3 ? 'bad' : 'mid');
      assert.deepEqual(Object.keys(m), ['job', 'candidate', 'score', 'rank', 'label']);
    }
  }
});

test('score --format json: documented keys, distribution over every pair', async () => {
  const report = await scoreJson([candidatesCsv, jobsCsv]);
  assert.deepEqual(Object.keys(report), ['model', 'dim', 'per', 'matches', 'stats', 'histogram', 'truncated']);
  assert.equal(report.dim, 32);
  assert.equal(report.per, 'job');
  assert.equal(report.histogram.reduce((s, b) => s + b.count, 0), report.stats.count);
  assert.ok(report.stats.min <= report.stats.q1 && report.stats.q1 <= report.stats.median && report.stats.median <= report.stats.q3 && report.stats.q3 <= report.stats.max);
  assert.ok(Math.abs(report.stats.iqr - (report.stats.q3 - report.stats.q1)) < 1e-9);
  assert.ok(report.stats.max <= 1 + 1e-6 && report.stats.min >= -1 - 1e-6);
});

test('CSV and JSONL inputs of the same records give the same report', async () => {
  const fromCsv = await scoreJson([candidatesCsv, jobsCsv]);
  const fromJsonl = await scoreJson([fixture('candidates.jsonl'), fixture('jobs.jsonl')]);
  assert.deepEqual(fromJsonl.matches, fromCsv.matches);
  assert.deepEqual(fromJsonl.stats, fromCsv.stats);
});

test('--per candidate flips the grouping; --top and --min-score bound the matches', async () => {
  const byCandidate = await scoreJson([candidatesCsv, jobsCsv, '--per', 'candidate', '--top', '2']);
  assert.equal(byCandidate.per, 'candidate');
  const candidates = new Set(byCandidate.matches.map((m) => m.candidate));
  assert.equal(byCandidate.matches.length, candidates.size * 2);
  const byJob = await scoreJson([candidatesCsv, jobsCsv, '--top', '100']);
  const threshold = byJob.stats.median;
  const filtered = await scoreJson([candidatesCsv, jobsCsv, '--top', '100', '--min-score', String(threshold)]);
  assert.ok(filtered.matches.length > 0 && filtered.matches.length < byJob.matches.length);
  assert.ok(filtered.matches.every((m) => m.score >= threshold - 1e-6));
});

test('--good/--bad move the label thresholds; crossed thresholds are a usage error', async () => {
  const report = await scoreJson([candidatesCsv, jobsCsv, '--good', '0.99', '--bad', '-0.99']);
  assert.ok(report.matches.every((m) => m.label === 'mid' || m.score >= 0.99 || m.score <= -0.99));
  const r = await runCli(['score', candidatesCsv, jobsCsv, ...model, '--good', '0.2', '--bad', '0.5']);
  assert.equal(r.code, 2);
});

test('--dim keeps the first dims (Matryoshka); too large names the native dimension', async () => {
  const report = await scoreJson([candidatesCsv, jobsCsv, '--dim', '16']);
  assert.equal(report.dim, 16);
  const r = await runCli(['score', candidatesCsv, jobsCsv, ...model, '--dim', '64']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--dim 64 exceeds the model's native dimension 32/);
  assert.match(r.stderr, /32, 16, 8/);
});

test('--output writes atomically in the format its extension names; --matrix writes every pair', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-'));
  const out = path.join(dir, 'report.csv');
  const matrix = path.join(dir, 'matrix.csv');
  const r = await runCli(['score', candidatesCsv, jobsCsv, ...model, '--output', out, '--matrix', matrix]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /^job,candidate,rank,score,label\n/);
  const rows = readFileSync(matrix, 'utf8').trim().split('\n');
  const report = await scoreJson([candidatesCsv, jobsCsv]);
  const nJobs = new Set(report.matches.map((m) => m.job)).size;
  assert.equal(rows.length - 1, report.stats.count / nJobs, 'one row per candidate');
  assert.equal(rows[0]?.split(',').length, nJobs + 1);
  assert.deepEqual(readdirSync(dir).sort(), ['matrix.csv', 'report.csv'], 'no temp files left');
});

test('stdin: "-" reads candidates from standard input', async () => {
  const r = await runCli(['score', '-', jobsCsv, ...model, '--input-format', 'csv', '--format', 'json'], { input: readFileSync(candidatesCsv) });
  assert.equal(r.code, 0, r.stderr);
  const fromFile = await scoreJson([candidatesCsv, jobsCsv, '--input-format', 'csv']);
  assert.deepEqual((JSON.parse(r.stdout) as ScoreReport).matches, fromFile.matches);
});

test('RESUMATOR_MODEL stands in for --model (no model at all means lite: test/cli/lite.test.ts)', async () => {
  const r = await runCli(['score', candidatesCsv, jobsCsv, '--quiet', '--format', 'json'], { env: { RESUMATOR_MODEL: TINY_MODEL } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as ScoreReport).model, 'tiny-bert');
});

test('a failing run leaves no output file', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-cli-'));
  const out = path.join(dir, 'report.json');
  const r = await runCli(['score', fixture('malformed', 'duplicate-ids.csv'), jobsCsv, ...model, '--output', out, '--matrix', path.join(dir, 'm.csv')]);
  assert.equal(r.code, 2);
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), []);
});

test('an --output in a missing directory fails before any embedding, naming the path', async () => {
  // A model that does not exist: the output check must come first to be reported at all.
  const r = await runCli(['score', candidatesCsv, jobsCsv, '--model', '/nonexistent/model', '--output', '/nonexistent-dir/report.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot write output file '\/nonexistent-dir\/report\.json': its directory does not exist/);
  const e = await runCli(['embed', candidatesCsv, '--kind', 'candidate', ...model, '--format', 'npy', '--output', '/nonexistent-dir/v.npy']);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /its directory does not exist/);
});
