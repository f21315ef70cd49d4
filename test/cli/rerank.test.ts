import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCrossEncoderFixture } from '../support/fixtures/tiny-cross-encoder.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const CE = fixture('models', 'tiny-cross-encoder');
const SKILLS = fixture('skills', 'skills.csv');
const base = ['rerank', '--retriever', TINY_MODEL, '--quiet'];
const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
const LABELS = new Set(['Python programming', 'SQL databases', 'machine learning', 'patient care', 'sales management', 'team leadership']);

interface JsonDoc {
  models: { retriever: string; reranker: string | null };
  stage2: string;
  settings: Record<string, unknown>;
  jobs: Array<{ id: string; title: string; skills: Array<Record<string, unknown>> }>;
}

async function ok(args: string[]): Promise<string> {
  const r = await runCli([...base, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function json(args: string[]): Promise<JsonDoc> {
  return JSON.parse(await ok([...args, '--format', 'json'])) as JsonDoc;
}

test('every skills layout reads to the same six skills and ranks them', async () => {
  const ids: Record<string, string[]> = {};
  for (const file of ['skills.csv', 'skills.tsv', 'skills.jsonl', 'esco-skills.csv', 'corpus_elements']) {
    const doc = await json(['--job', 'Data Scientist', '--skills', fixture('skills', file), '--reranker', CE, '--candidates', '6']);
    const skills = doc.jobs[0]!.skills;
    assert.deepEqual(new Set(skills.map((s) => s.skill)), LABELS, file);
    ids[file] = skills.map((s) => String(s.skill_id));
  }
  assert.ok(ids['esco-skills.csv']!.every((id) => id.startsWith('http://example.org/esco/skill/')));
  assert.ok(ids['corpus_elements']!.every((id) => /^sk_\d$/.test(id)));
});

test('json names the models and settings; each reranked skill has logits, probabilities and a class', async () => {
  const doc = await json(['--job', 'Data Scientist', '--job', 'registered nurse', '--skills', SKILLS, '--reranker', CE, '--candidates', '3', '--alpha', '0.5', '--ce-score', 'expected']);
  assert.equal(doc.models.retriever, 'tiny-bert');
  assert.equal(doc.models.reranker, CE);
  assert.equal(doc.stage2, 'cross-encoder');
  assert.deepEqual(doc.settings, { dim: 32, candidates: 3, search: 'exact', alpha: 0.5, ce_score: 'expected', labels: ['irrelevant', 'contextual', 'core'], skill_text: 'label', full_ranking: false, top: null });
  assert.deepEqual(doc.jobs.map((j) => [j.id, j.title]), [['1', 'Data Scientist'], ['2', 'registered nurse']]);
  for (const job of doc.jobs) {
    assert.equal(job.skills.length, 3);
    for (const s of job.skills) {
      const p = s.probabilities as Record<string, number>;
      assert.ok(Math.abs(p.irrelevant! + p.contextual! + p.core! - 1) < 1e-5);
      assert.ok(Math.abs((s.ce_score as number) - (p.contextual! + 2 * p.core!)) < 2e-6);
      const logits = s.logits as Record<string, number>;
      const best = Object.entries(logits).sort((a, b) => b[1] - a[1])[0]![0];
      assert.equal(s.predicted, best);
    }
    const scores = job.skills.map((s) => s.score as number);
    for (let i = 1; i < scores.length; i++) assert.ok(scores[i]! < scores[i - 1]!);
  }
});

test('csv, jsonl, trec and table carry the same ranking', async () => {
  const args = ['--jobs', fixture('skills', 'queries'), '--skills', fixture('skills', 'corpus_elements'), '--reranker', CE, '--candidates', '4'];
  const doc = await json(args);
  const expected = doc.jobs.flatMap((j) => j.skills.map((s) => [j.id, s.skill_id, s.rank, s.score]));
  assert.equal(expected.length, 12);

  const jsonl = (await ok([...args, '--format', 'jsonl'])).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(jsonl.map((l) => [l.job_id, l.skill_id, l.rank, l.score]), expected);
  assert.equal(jsonl[0]!.job, 'data scientist');

  const csv = (await ok([...args, '--format', 'csv'])).trim().split('\n');
  assert.equal(csv[0], 'job_id,job,rank,skill_id,skill,score,bi_score,ce_score,predicted,logit_irrelevant,logit_contextual,logit_core,p_irrelevant,p_contextual,p_core');
  assert.deepEqual(csv.slice(1).map((line) => line.split(',')).map((c) => [c[0], c[3], Number(c[2]), Number(c[5])]), expected);

  const trec = (await ok([...args, '--format', 'trec', '--run-tag', 'myrun'])).trim().split('\n');
  assert.deepEqual(trec.map((l) => l.split(' ')).map((c) => [c[0], c[2], Number(c[3]), Number(c[4])]), expected);
  assert.ok(trec.every((l) => /^q_\d Q0 sk_\d \d \S+ myrun$/.test(l)), trec[0]);

  const table = await ok([...args, '--format', 'table']);
  assert.match(table, /reranker .*tiny-cross-encoder \(irrelevant\/contextual\/core\), top 4, alpha 0\.7, ce-score logit/);
  assert.match(table, /data scientist \(q_1\)\nrank\s+score\s+bi\s+ce\s+class\s+skill\n1 /);
});

test('--output writes atomically; the format follows the extension (.run is trec)', async () => {
  const dir = tempDir('rerank-out-');
  const out = path.join(dir, 'ranking.run');
  const r = await runCli([...base, '--job', 'nurse', '--skills', SKILLS, '--reranker', CE, '--candidates', '2', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /^1 Q0 s\d 1 \S+ resumator\n1 Q0 s\d 2 \S+ resumator\n$/);
  assert.deepEqual(readdirSync(dir), ['ranking.run'], 'no temp file left');
  const missing = await runCli([...base, '--job', 'nurse', '--skills', SKILLS, '--candidates', '2', '--output', path.join(dir, 'nope', 'x.json')]);
  assert.equal(missing.code, 2);
});

test('--full-ranking lists every skill with strictly decreasing scores; the tail has no stage-2 fields', async () => {
  const doc = await json(['--job', 'nurse', '--skills', SKILLS, '--reranker', CE, '--candidates', '2', '--full-ranking']);
  const skills = doc.jobs[0]!.skills;
  assert.equal(skills.length, 6);
  assert.deepEqual(skills.map((s) => 'logits' in s), [true, true, false, false, false, false]);
  for (let i = 1; i < 6; i++) assert.ok((skills[i]!.score as number) < (skills[i - 1]!.score as number));
  const tail = skills.slice(2).map((s) => s.bi_score as number);
  assert.deepEqual(tail, [...tail].sort((a, b) => b - a));
});

test('without --reranker stage 2 is skipped and the output says so', async () => {
  const doc = await json(['--job', 'nurse', '--skills', SKILLS, '--candidates', '3']);
  assert.equal(doc.models.reranker, null);
  assert.match(doc.stage2, /^skipped/);
  // The final score is the bi-encoder cosine on the 1e-6 grid that keeps a run strictly
  // decreasing (docs/rerank.md); bi_score is the cosine at full precision.
  assert.deepEqual(doc.jobs[0]!.skills.map((s) => s.score), doc.jobs[0]!.skills.map((s) => Math.round((s.bi_score as number) * 1e6) / 1e6));
  assert.ok(doc.jobs[0]!.skills.some((s) => s.bi_score !== s.score), 'bi_score is not rounded');
  const table = await ok(['--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'table']);
  assert.match(table, /stage 2 skipped \(no --reranker\)/);
  const r = await runCli(['rerank', '--retriever', TINY_MODEL, '--job', 'nurse', '--skills', SKILLS, '--candidates', '3', '--format', 'trec']);
  assert.match(r.stderr, /stage 2 skipped/);
});

test('--skill-text label+aliases changes what stage 1 embeds', async () => {
  const label = await json(['--job', 'nurse', '--skills', SKILLS, '--candidates', '6']);
  const aliases = await json(['--job', 'nurse', '--skills', SKILLS, '--candidates', '6', '--skill-text', 'label+aliases']);
  const bi = (d: JsonDoc, id: string): number => d.jobs[0]!.skills.find((s) => s.skill_id === id)!.bi_score as number;
  assert.notEqual(bi(label, 's1'), bi(aliases, 's1'), 's1 has aliases');
  assert.equal(bi(label, 's5'), bi(aliases, 's5'), 's5 has none');
  assert.equal(aliases.settings.skill_text, 'label+aliases');
});

test('a single-logit reranker: logit only, no probabilities; probability modes are refused', async () => {
  const dir = tempDir('rerank-ce1-');
  await writeCrossEncoderFixture(dir, { labels: ['LABEL_0'] });
  const doc = await json(['--job', 'nurse', '--skills', SKILLS, '--reranker', dir, '--candidates', '3']);
  for (const s of doc.jobs[0]!.skills) {
    assert.deepEqual(Object.keys(s.logits as object), ['LABEL_0']);
    assert.equal(s.probabilities, undefined);
    assert.equal(s.ce_score, (s.logits as Record<string, number>).LABEL_0);
  }
  const csvHeader = (await ok(['--job', 'nurse', '--skills', SKILLS, '--reranker', dir, '--candidates', '3', '--format', 'csv'])).split('\n')[0];
  assert.equal(csvHeader, 'job_id,job,rank,skill_id,skill,score,bi_score,ce_score,predicted,logit_LABEL_0');
  const r = await runCli([...base, '--job', 'nurse', '--skills', SKILLS, '--reranker', dir, '--ce-score', 'p-core', '--candidates', '3']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /single logit.*use --ce-score logit/);
});

test('errors: empty title, no label column, reranker without id2label, no titles', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--job', '  ', '--skills', SKILLS], /--job #1 is empty/],
    [['--jobs', fixture('skills', 'empty-title.csv'), '--skills', SKILLS], /empty-title\.csv:3: field 'title': empty job title/],
    [['--job', 'nurse', '--skills', fixture('skills', 'no-label.csv')], /no-label\.csv: no name column for skills; columns found: id, description, category/],
    [['--skills', SKILLS], /no job titles: pass --job/],
    [['--job', 'a', '--jobs', fixture('skills', 'queries'), '--skills', SKILLS], /either as --job TITLE .* or as --jobs FILE, not both/],
  ];
  const dir = tempDir('rerank-noid-');
  await writeCrossEncoderFixture(dir, { labels: null, numLabels: 3 });
  cases.push([['--job', 'nurse', '--skills', SKILLS, '--reranker', dir, '--candidates', '2'], /config\.json: no id2label: a reranker must name its classes/]);
  for (const [args, message] of cases) {
    const r = await runCli([...base, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  const bad = await runCli([...base, '--job', 'a', '--skills', SKILLS, '--alpha', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--alpha.*must be between 0 and 1/);
});

test('blending guards through the CLI: K = 1 scores 0.5; identical skills keep corpus order with distinct scores', async () => {
  const one = await json(['--job', 'nurse', '--skills', SKILLS, '--reranker', CE, '--candidates', '1']);
  assert.equal(one.jobs[0]!.skills[0]!.score, 0.5);
  // Equal cosines and equal logits: both norms are 0.5 for every skill, ties go to corpus order.
  const same = await json(['--job', 'nurse', '--skills', fixture('skills', 'identical-skills.csv'), '--reranker', CE, '--candidates', '3']);
  const skills = same.jobs[0]!.skills;
  assert.deepEqual(skills.map((s) => s.skill_id), ['x1', 'x2', 'x3']);
  assert.deepEqual(skills.map((s) => s.score), [0.5, 0.499999, 0.499998]);
  const trec = await ok(['--job', 'nurse', '--skills', fixture('skills', 'identical-skills.csv'), '--candidates', '3', '--format', 'trec']);
  const scores = trec.trim().split('\n').map((l) => Number(l.split(' ')[4]));
  assert.ok(scores[0]! > scores[1]! && scores[1]! > scores[2]!, trec);
});

test('the skills corpus goes through the embedding cache: a second run embeds nothing, same output', async () => {
  const cache = path.join(tempDir('resumator-rerank-cache-'), 'embeddings.sqlite');
  const args = ['rerank', '--retriever', TINY_MODEL, '--job', 'nurse', '--job', 'data scientist', '--skills', SKILLS, '--candidates', '3', '--format', 'jsonl', '--cache', cache];
  const first = await runCli(args);
  assert.equal(first.code, 0, first.stderr);
  const embedded = /cache: 0 of (\d+) distinct texts found in .*, (\d+) embedded/.exec(first.stderr);
  assert.ok(embedded, first.stderr);
  assert.equal(embedded[1], embedded[2]);
  const second = await runCli(args);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, new RegExp(`cache: ${embedded[1]} of ${embedded[1]} distinct texts found in .*, 0 embedded`));
  assert.equal(second.stdout, first.stdout);
  const uncached = await runCli([...args.slice(0, -2), '--no-cache']);
  assert.equal(uncached.stdout, first.stdout);
  assert.doesNotMatch(uncached.stderr, /cache:/);
});

test('--candidates beyond the corpus ranks every skill, says so, and is a full ranking (not a truncated run)', async () => {
  for (const extra of [[], ['--candidates', '7']]) {
    const r = await runCli(['rerank', '--retriever', TINY_MODEL, '--job', 'nurse', '--skills', SKILLS, '--reranker', CE, '--format', 'json', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    const requested = extra.length === 0 ? 200 : 7;
    assert.match(r.stderr, new RegExp(`the skills corpus has 6 skills, fewer than --candidates ${requested}: all 6 are ranked`));
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.equal(doc.settings.candidates, 6);
    assert.equal(doc.settings.full_ranking, true);
    assert.equal(doc.jobs[0]!.skills.length, 6);
    assert.ok(doc.jobs[0]!.skills.every((s) => 'ce_score' in s), 'every skill was reranked');
  }
  const quiet = await runCli([...base, '--job', 'nurse', '--skills', SKILLS, '--format', 'json', '--quiet']);
  assert.equal(quiet.stderr, '');
});

test('-k/--top N prints the first N skills per title in every format; --candidates stays the retrieval depth', async () => {
  const doc = await json(['--job', 'nurse', '--job', 'data scientist', '--skills', SKILLS, '--reranker', CE, '--candidates', '4', '-k', '2']);
  assert.deepEqual(doc.jobs.map((j) => j.skills.length), [2, 2]);
  assert.equal(doc.settings.top, 2);
  assert.equal(doc.settings.candidates, 4);
  const all = await json(['--job', 'nurse', '--skills', SKILLS, '--reranker', CE, '--candidates', '4']);
  assert.equal(all.jobs[0]!.skills.length, 4, 'off a terminal, every retrieved skill is printed');
  assert.deepEqual(doc.jobs[0]!.skills, all.jobs[0]!.skills.slice(0, 2), 'the same ranking, cut');
  const trec = await ok(['--job', 'nurse', '--skills', SKILLS, '--candidates', '4', '--top', '3', '--format', 'trec']);
  assert.equal(trec.trim().split('\n').length, 3);
  const table = await ok(['--job', 'nurse', '--skills', SKILLS, '--candidates', '4', '--top', '1', '--format', 'table']);
  assert.match(table, /\(3 more ranked: --top N shows more\)/);
});
