import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError, UsageError } from '../../src/errors.js';
import { readJobTitles, titlesFromFlags } from '../../src/rerank/job-titles.js';
import { detectSkillLayout, readSkills, skillText } from '../../src/rerank/skills.js';
import { fixture, sharedDir, skipWithoutShared } from '../support/paths.js';

const LABELS = ['Python programming', 'SQL databases', 'machine learning', 'patient care', 'sales management', 'team leadership'];

test('ESCO skills_en.csv: conceptUri ids, preferredLabel, altLabels one per line (label itself dropped)', async () => {
  const { layout, skills } = await readSkills(fixture('skills', 'esco-skills.csv'));
  assert.equal(layout, 'esco');
  assert.deepEqual(skills.map((s) => s.label), LABELS);
  assert.deepEqual(skills[0], { id: 'http://example.org/esco/skill/python', label: 'Python programming', aliases: ['python development', 'write python code'] });
  assert.deepEqual(skills[4]?.aliases, []);
});

test('TalentCLEF corpus_elements (no extension, TSV with quoted Python lists)', async () => {
  const { layout, skills } = await readSkills(fixture('skills', 'corpus_elements'));
  assert.equal(layout, 'talentclef');
  assert.deepEqual(skills.map((s) => s.label), LABELS);
  assert.deepEqual(skills[3], { id: 'sk_4', label: 'patient care', aliases: ["patients' daily care", 'nursing\u00a0care'] });
  assert.deepEqual(skills[5]?.aliases, ['lead teams, people', 'the "team" lead\'s role']);
});

test('plain CSV, TSV and JSONL give the same skills', async () => {
  const expected = await readSkills(fixture('skills', 'skills.csv'));
  assert.equal(expected.layout, 'plain');
  assert.deepEqual(expected.skills[1], { id: 's2', label: 'SQL databases', aliases: ['sql', 'database queries'] });
  for (const file of ['skills.tsv', 'skills.jsonl']) assert.deepEqual(await readSkills(fixture('skills', file)), expected, file);
});

test('layout detection goes by the header', () => {
  assert.equal(detectSkillLayout(['conceptType', 'conceptUri', 'preferredLabel', 'altLabels']), 'esco');
  assert.equal(detectSkillLayout(['c_id', 'esco_uri', 'skill_aliases']), 'talentclef');
  assert.equal(detectSkillLayout(['id', 'name']), 'plain');
});

test('--skill-text label+aliases joins the label and aliases with "; "', async () => {
  const { skills } = await readSkills(fixture('skills', 'skills.csv'));
  assert.equal(skillText(skills[0]!, 'label'), 'Python programming');
  assert.equal(skillText(skills[0]!, 'label+aliases'), 'Python programming; python; python development');
  assert.equal(skillText(skills[4]!, 'label+aliases'), 'sales management');
});

test('a skills file without a label column names the columns found', async () => {
  await assert.rejects(readSkills(fixture('skills', 'no-label.csv')), (err: unknown) => err instanceof InputError && /no name column for skills; columns found: id, description, category/.test(err.message));
  const { skills } = await readSkills(fixture('skills', 'no-label.csv'), { columns: { name: 'description' } });
  assert.equal(skills[0]?.label, 'Writes Python');
});

test('bad rows are located: empty label, malformed alias list', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'skills-'));
  try {
    const empty = path.join(dir, 'empty.csv');
    await writeFile(empty, 'id,name\na,x\nb,  \n');
    await assert.rejects(readSkills(empty), /empty\.csv:3: field 'name': empty skill label/);
    const broken = path.join(dir, 'corpus_elements');
    await writeFile(broken, "c_id\tesco_uri\tskill_aliases\nc1\tu\t['a', 'b'\n");
    await assert.rejects(readSkills(broken), /corpus_elements:2: field 'skill_aliases': not a Python list of strings/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('job titles: TalentCLEF queries as is, CSV and JSONL with aliased columns', async () => {
  assert.deepEqual(await readJobTitles(fixture('skills', 'queries')), [
    { id: 'q_1', title: 'data scientist' },
    { id: 'q_2', title: 'registered nurse' },
    { id: 'q_3', title: 'sales manager' },
  ]);
  const csv = await readJobTitles(fixture('skills', 'job-titles.csv'));
  assert.deepEqual(csv, [{ id: 'j1', title: 'Data Scientist' }, { id: 'j2', title: 'Registered Nurse' }]);
  assert.deepEqual(await readJobTitles(fixture('skills', 'job-titles.jsonl')), csv);
  await assert.rejects(readJobTitles(fixture('skills', 'empty-title.csv')), /empty-title\.csv:3: field 'title': empty job title/);
});

test('--job titles get ids 1, 2, ...; an empty one is a usage error', () => {
  assert.deepEqual(titlesFromFlags(['Data  Scientist ', 'Nurse']), [{ id: '1', title: 'Data Scientist' }, { id: '2', title: 'Nurse' }]);
  assert.throws(() => titlesFromFlags(['Nurse', '  ']), (err: unknown) => err instanceof UsageError && /--job #2 is empty/.test(err.message));
});

test('the real ESCO and TalentCLEF files read as published', { skip: skipWithoutShared }, async () => {
  const esco = await readSkills(path.join(sharedDir, 'data', 'esco', 'skills_en.csv'));
  const clef = await readSkills(path.join(sharedDir, 'data', 'esco-job2skill', 'corpus_elements'));
  assert.equal(esco.layout, 'esco');
  assert.equal(clef.layout, 'talentclef');
  assert.equal(esco.skills.length, 13896);
  assert.equal(clef.skills.length, 13896);
  assert.deepEqual(new Set(esco.skills.map((s) => s.label)), new Set(clef.skills.map((s) => s.label)));
  assert.equal((await readJobTitles(path.join(sharedDir, 'data', 'esco-job2skill', 'queries'))).length, 3007);
});
