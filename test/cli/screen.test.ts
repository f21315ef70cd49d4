import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { convertedTinyDecoder } from '../support/tiny-decoder-model.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-screen-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const CANDIDATES = file('candidates.csv', 'id,name,resume\nc1,Ana,Registered nurse in intensive care\nc2,Bo,Python developer building APIs\nc3,Cy,Retail sales manager\n');
const JOBS = file('jobs.csv', 'id,title,description\nj1,ICU Nurse,Intensive care unit nurse\nj2,Backend Engineer,Python services\n');

interface Row {
  job: string;
  candidate: string;
  decision: string;
  p_selected: number;
  log_p: Record<string, number>;
  prompt_tokens: number;
  truncated: boolean;
  shortlist_rank?: number;
  reason?: string;
}
const rows = (stdout: string): Row[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);

async function model(): Promise<string> {
  return (await convertedTinyDecoder('qwen2')).modelDir;
}

test('screen: one JSON line per candidate x job pair, job by job; P(selected) from the two label log-probabilities', async () => {
  const r = await runCli(['screen', CANDIDATES, JOBS, '--model', await model(), '--no-cache', '--max-prompt-tokens', '4096']);
  assert.equal(r.code, 0, r.stderr);
  const out = rows(r.stdout);
  assert.deepEqual(out.map((o) => `${o.job}/${o.candidate}`), ['j1/c1', 'j1/c2', 'j1/c3', 'j2/c1', 'j2/c2', 'j2/c3']);
  for (const o of out) {
    assert.deepEqual(Object.keys(o), ['job', 'candidate', 'decision', 'p_selected', 'log_p', 'prompt_tokens', 'truncated']);
    const p = 1 / (1 + Math.exp(o.log_p['REJECTED']! - o.log_p['SELECTED']!));
    assert.ok(Math.abs(p - o.p_selected) < 1e-12);
    assert.equal(o.decision, o.p_selected >= 0.5 ? 'SELECTED' : 'REJECTED');
  }
  assert.match(r.stderr, /screened 6 pairs \(0 from the cache\) in [\d.]+ s, [\d.]+ pairs\/s: \d SELECTED, \d REJECTED/);
  // --threshold moves every decision, never the probabilities.
  const strict = rows((await runCli(['screen', CANDIDATES, JOBS, '--model', await model(), '--no-cache', '--max-prompt-tokens', '4096', '--threshold', '1'])).stdout);
  assert.ok(strict.every((o, i) => o.decision === (o.p_selected >= 1 ? 'SELECTED' : 'REJECTED') && o.p_selected === out[i]!.p_selected));
});

test('screen --job/--job-text screens one job; --shortlist N screens each job\'s top N by the bi-encoder and says so', async () => {
  const jobText = file('job.txt', 'Intensive care unit nurse, night shifts.\n');
  const one = await runCli(['screen', CANDIDATES, '--job', 'ICU Nurse', '--job-text', jobText, '--model', await model(), '--no-cache', '--max-prompt-tokens', '4096']);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(rows(one.stdout).map((o) => o.job), ['job', 'job', 'job']);
  const short = await runCli(['screen', CANDIDATES, JOBS, '--model', await model(), '--shortlist', '2', '--retriever', TINY_MODEL, '--no-cache', '--max-prompt-tokens', '4096']);
  assert.equal(short.code, 0, short.stderr);
  const out = rows(short.stdout);
  assert.deepEqual(out.map((o) => [o.job, o.shortlist_rank]), [['j1', 1], ['j1', 2], ['j2', 1], ['j2', 2]]);
  const table = await runCli(['screen', CANDIDATES, JOBS, '--model', await model(), '--shortlist', '2', '--retriever', TINY_MODEL, '--no-cache', '--max-prompt-tokens', '4096', '-f', 'table']);
  assert.match(table.stdout, /screened the top 2 candidates per job by tiny-bert/);
  assert.match(table.stdout, /^Job: j1\n {2}candidate +P\(SELECTED\) +decision +cosine$/m);
});

test('screen output feeds eval classify --gold directly (jsonl, csv; decisions or p_selected with --threshold)', async () => {
  const out = path.join(dir, 'screen.jsonl');
  const csv = path.join(dir, 'screen.csv');
  for (const target of [out, csv]) {
    const r = await runCli(['screen', CANDIDATES, JOBS, '--model', await model(), '--no-cache', '--max-prompt-tokens', '4096', '-o', target]);
    assert.equal(r.code, 0, r.stderr);
  }
  const decided = rows(readFileSync(out, 'utf8'));
  // Gold: c1 for j1 and c2 for j2 are SELECTED; one gold pair (c9) was never screened.
  const gold = file('gold.csv', 'candidate,job,gold\nc1,j1,SELECTED\nc2,j1,REJECTED\nc3,j1,REJECTED\nc1,j2,REJECTED\nc2,j2,SELECTED\nc3,j2,REJECTED\nc9,j2,SELECTED\n');
  const goldOf = (o: Row): string => ((o.candidate === 'c1' && o.job === 'j1') || (o.candidate === 'c2' && o.job === 'j2') ? 'SELECTED' : 'REJECTED');
  const correct = decided.filter((o) => o.decision === goldOf(o)).length;
  for (const system of [out, csv]) {
    const r = await runCli(['eval', 'classify', system, '--gold', gold, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { count: number; metrics: { accuracy: number }; gold: Record<string, unknown> };
    assert.equal(report.count, 6);
    assert.equal(report.metrics.accuracy, correct / 6);
    assert.deepEqual(report.gold, { file: gold, unmatched_system: 0, unmatched_gold: 1 });
  }
  const byScore = await runCli(['eval', 'classify', out, '--gold', gold, '--threshold', '0', '--format', 'json']);
  assert.equal((JSON.parse(byScore.stdout) as { metrics: { selected_recall: number } }).metrics.selected_recall, 1);
});

test('screen errors: no model, two job sources, a prompt without {candidate}, a base model without a chat template, a job with no room', async () => {
  const base = ['screen', CANDIDATES, JOBS, '--no-cache'];
  const noModel = await runCli(base);
  assert.equal(noModel.code, 2);
  assert.match(noModel.stderr, /screen needs --model: a causal-LM model directory or a Hub repo id/);
  const twoSources = await runCli([...base, '--model', await model(), '--job', 'Nurse']);
  assert.match(twoSources.stderr, /give the jobs either as a JOBS file or as one job/);
  const badPrompt = await runCli([...base, '--model', await model(), '--prompt', file('bad.txt', 'Job {job} only')]);
  assert.equal(badPrompt.code, 2);
  assert.match(badPrompt.stderr, /bad\.txt: the prompt must hold \{candidate\} exactly once, found 0/);

  const baseModel = path.join(dir, 'base-model');
  cpSync(await model(), baseModel, { recursive: true });
  const configFile = path.join(baseModel, 'tokenizer_config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  delete config['chat_template'];
  writeFileSync(configFile, JSON.stringify(config));
  const noTemplate = await runCli([...base, '--model', baseModel]);
  assert.equal(noTemplate.code, 2);
  assert.match(noTemplate.stderr, /has no chat template .* give --prompt FILE/);
  const raw = await runCli([...base, '--model', baseModel, '--prompt', file('raw.txt', 'Job: {job}\nResume: {candidate}\nDecision:\n'), '--labels', 'YES,NO', '--max-prompt-tokens', '4096']);
  assert.equal(raw.code, 0, raw.stderr);
  assert.equal(rows(raw.stdout).length, 6);

  const tight = await runCli([...base, '--model', await model(), '--max-prompt-tokens', '100']);
  assert.equal(tight.code, 2);
  assert.match(tight.stderr, /job 'j1': its text \(\d+ tokens\) and the prompt's instructions \(\d+\) leave no room for a resume within the 100-token limit/);
});

test('screen caches decisions by model and exact prompt: a second run computes nothing', async () => {
  const cache = path.join(dir, 'cache.sqlite');
  const args = ['screen', CANDIDATES, JOBS, '--model', await model(), '--cache', cache, '--max-prompt-tokens', '4096'];
  const cold = await runCli(args);
  assert.equal(cold.code, 0, cold.stderr);
  const warm = await runCli(args);
  assert.match(warm.stderr, /screened 6 pairs \(6 from the cache\)/);
  assert.equal(warm.stdout, cold.stdout);
  const reasons = await runCli([...args, '--reasons', '--max-new-tokens', '4']);
  assert.match(reasons.stderr, /\(0 from the cache\)/, 'reasons are a different result');
  assert.ok(rows(reasons.stdout).every((o) => typeof o.reason === 'string'));
  const stats = await runCli(['cache', 'stats', '--cache', cache]);
  assert.match(stats.stdout, /^decisions 12$/m);
});
