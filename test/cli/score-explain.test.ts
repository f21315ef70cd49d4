import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const SKILLS = fixture('skills', 'explain-skills.csv');
const CE = fixture('models', 'tiny-cross-encoder');
const base = ['score', fixture('candidates.csv'), fixture('jobs.csv'), '--model', TINY_MODEL, '--quiet', '--no-cache', '-k', '3'];
const resumes = new Map((parse(readFileSync(fixture('candidates.csv')), { columns: true }) as Array<Record<string, string>>).map((r) => [r['id']!, r]));

interface Evidence { field: string; index?: number; start: number; end: number; text: string }
interface ExplainedMatch { job: string; candidate: string; coverage: number | null; matched_skills: Array<{ skill_id: string; weight: string; evidence: Evidence[] }>; missing_skills: Array<{ skill_id: string }> }

async function run(args: string[]): Promise<string> {
  const r = await runCli([...base, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('score --explain --format json: explain settings, job skills with description evidence, and per match matched/missing/coverage', async () => {
  const doc = JSON.parse(await run(['--explain', '--skills', SKILLS, '--title-skills', '0', '-f', 'json', '-k', '12'])) as {
    matches: ExplainedMatch[];
    explain: Record<string, unknown>;
    job_skills: Array<{ job: string; title: string; skills: Array<{ skill_id: string; weight: string; sources: string[]; evidence: Evidence[] }> }>;
  };
  assert.deepEqual(Object.keys(doc).slice(-2), ['explain', 'job_skills']);
  assert.equal(doc.explain['skills'], 19);
  assert.equal(doc.explain['title_skills'], 0);
  assert.equal(doc.explain['retriever'], null);
  const j001 = doc.job_skills.find((j) => j.job === 'j001')!;
  assert.equal(j001.title, 'Senior Backend Engineer');
  const ids = j001.skills.map((s) => s.skill_id);
  for (const id of ['go', 'py', 'pg']) assert.ok(ids.includes(id), `${id} in ${ids.join(',')}`);
  assert.ok(j001.skills.every((s) => s.weight === 'core' && s.sources.join() === 'description' && s.evidence.length > 0));
  const jobs = new Map((parse(readFileSync(fixture('jobs.csv')), { columns: true }) as Array<Record<string, string>>).map((r) => [r['id']!, r]));
  for (const s of j001.skills) for (const e of s.evidence) assert.equal(jobs.get('j001')!['description']!.slice(e.start, e.end), e.text);

  const backend = doc.matches.find((m) => m.job === 'j001' && m.candidate === 'c001')!;
  assert.deepEqual(backend.matched_skills.map((s) => s.skill_id).sort(), ['go', 'pg', 'py']);
  for (const m of doc.matches) {
    assert.ok(m.coverage === null || (m.coverage >= 0 && m.coverage <= 1));
    const cand = resumes.get(m.candidate)!;
    for (const s of m.matched_skills) {
      for (const e of s.evidence) {
        // Evidence offsets are character offsets into the original field text.
        const source = e.field === 'resume' ? cand['resume']! : splitSkills(cand['skills']!)[e.index!]!;
        assert.equal(source.slice(e.start, e.end), e.text, `${m.candidate} ${s.skill_id}`);
      }
    }
    const all = doc.job_skills.find((j) => j.job === m.job)!.skills.length;
    assert.equal(m.matched_skills.length + m.missing_skills.length, all);
  }
});

test('score --explain evidence: the accountant shows NetSuite and Excel from her Skills field and reconciliation in her resume', async () => {
  const lines = (await run(['--explain', '--skills', SKILLS, '--title-skills', '0', '-f', 'jsonl'])).trim().split('\n').map((l) => JSON.parse(l) as ExplainedMatch);
  const m = lines.find((l) => l.job === 'j004' && l.candidate === 'c004');
  assert.ok(m !== undefined, 'c004 is among the top 3 for j004');
  const byId = new Map(m.matched_skills.map((s) => [s.skill_id, s]));
  assert.equal(byId.get('ns')?.evidence[0]?.field, 'skills');
  assert.equal(byId.get('xl')?.evidence[0]?.text, 'Excel');
  assert.ok(lines.every((l) => 'coverage' in l && Array.isArray(l.matched_skills) && Array.isArray(l.missing_skills)));
});

test('score --explain with title skills from rerank: the tiny cross-encoder labels them and they are marked as from the title', async () => {
  const doc = JSON.parse(await run(['--explain', '--skills', SKILLS, '--title-skills', '3', '--reranker', CE, '-f', 'json'])) as {
    explain: Record<string, unknown>;
    job_skills: Array<{ skills: Array<{ sources: string[]; title_rank?: number; predicted?: string; weight: string }> }>;
  };
  assert.match(String(doc.explain['reranker']), /tiny-cross-encoder$/);
  assert.match(String(doc.explain['retriever']), /tiny-bert$/);
  for (const job of doc.job_skills) {
    const fromTitle = job.skills.filter((s) => s.sources.includes('title'));
    assert.ok(fromTitle.length <= 3);
    for (const s of fromTitle) {
      assert.ok(s.title_rank !== undefined && s.title_rank <= 3);
      assert.ok(['irrelevant', 'contextual', 'core'].includes(s.predicted!));
      if (!s.sources.includes('description')) assert.equal(s.weight, s.predicted === 'core' ? 'core' : 'contextual');
    }
  }
});

test('score --explain in csv and table: coverage and skill columns, skills under each job', async () => {
  const csv = parse(await run(['--explain', '--skills', SKILLS, '--title-skills', '0', '-f', 'csv']), { columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(Object.keys(csv[0]!), ['job', 'candidate', 'rank', 'score', 'label', 'coverage', 'matched_skills', 'missing_skills']);
  const table = await run(['--explain', '--skills', SKILLS, '--title-skills', '0', '-f', 'table']);
  assert.match(table, /Job: j001\n {2}skills: .*PostgreSQL \(core, description\)/);
  assert.match(table, /coverage \d\.\d{3} {2}matched: /);
});

test('explain flags: --explain needs --skills, the skills flags need --explain (exit 2, nothing written)', async () => {
  const noSkills = await runCli([...base, '--explain']);
  assert.equal(noSkills.code, 2);
  assert.match(noSkills.stderr, /--explain needs --skills FILE/);
  assert.equal(noSkills.stdout, '');
  const noExplain = await runCli([...base, '--skills', SKILLS, '--title-skills', '2']);
  assert.equal(noExplain.code, 2);
  assert.match(noExplain.stderr, /--skills, --title-skills only apply with --explain/);
  const missing = await runCli([...base, '--explain', '--skills', fixture('skills', 'nope.csv')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.csv/);
});

function splitSkills(cell: string): string[] {
  const t = cell.trim();
  if (t.startsWith('[')) return JSON.parse(t) as string[];
  const sep = [';', '|', ','].find((s) => t.includes(s));
  return sep === undefined ? [t] : t.split(sep).map((s) => s.trim()).filter((s) => s !== '');
}
