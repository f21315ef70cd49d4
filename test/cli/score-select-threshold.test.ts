import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const args = ['score', fixture('candidates.csv'), fixture('jobs.csv'), '--model', TINY_MODEL, '--quiet', '-k', '12'];

test('score --select-threshold: every match decided SELECTED iff score >= T, in json, jsonl and csv', async () => {
  const json = await runCli([...args, '--format', 'json']);
  const plain = JSON.parse(json.stdout) as { matches: Array<{ score: number }> };
  // a threshold inside the score range, so both decisions occur
  const sorted = plain.matches.map((m) => m.score).sort((a, b) => a - b);
  const t = sorted[Math.floor(sorted.length / 2)]!;
  const r = await runCli([...args, '--format', 'json', '--select-threshold', String(t)]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { matches: Array<Record<string, unknown>>; select_threshold: number };
  assert.equal(report.select_threshold, t);
  assert.deepEqual(Object.keys(report).slice(-2), ['truncated', 'select_threshold']);
  const decisions = new Set<unknown>();
  for (const m of report.matches) {
    assert.deepEqual(Object.keys(m), ['job', 'candidate', 'score', 'rank', 'label', 'decision']);
    assert.equal(m.decision, (m.score as number) >= t ? 'SELECTED' : 'REJECTED');
    decisions.add(m.decision);
  }
  assert.deepEqual([...decisions].sort(), ['REJECTED', 'SELECTED']);
  const csv = await runCli([...args, '--format', 'csv', '--select-threshold', String(t)]);
  assert.equal(csv.stdout.split('\n')[0], 'job,candidate,rank,score,label,decision');
  assert.ok(!Object.keys(plain).includes('select_threshold'), 'without the flag the report is unchanged');
  const bad = await runCli([...args, '--select-threshold', 'high']);
  assert.equal(bad.code, 2);
});
