import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../../src/errors.js';
import {
  CANDIDATE_SCHEMA,
  checkColumns,
  JOB_SCHEMA,
  normalizeHeader,
  parseColumnOverrides,
  resolveColumns,
  SCHEMAS,
  TEXT_SCHEMA,
} from '../../src/input/columns.js';
import { root } from '../support/input-helpers.js';

test('normalizeHeader: case, surrounding space, space/hyphen/underscore runs, camelCase', () => {
  assert.equal(normalizeHeader(' Years-of Experience '), 'years_of_experience');
  assert.equal(normalizeHeader('JOB__TITLE'), 'job_title');
  assert.equal(normalizeHeader('fullName'), 'full_name');
  assert.equal(normalizeHeader('resume - text'), 'resume_text');
  assert.equal(normalizeHeader('_id_'), 'id');
});

test('every alias is in normalized form and means one field per kind', () => {
  for (const schema of Object.values(SCHEMAS)) {
    const owner = new Map<string, string>();
    for (const spec of schema.fields) {
      for (const alias of [spec.name, ...spec.aliases]) {
        assert.equal(normalizeHeader(alias), alias, `${schema.kind}: ${alias}`);
        assert.equal(owner.get(alias), undefined, `${schema.kind}: '${alias}' used by ${owner.get(alias)} and ${spec.name}`);
        owner.set(alias, spec.name);
      }
    }
    assert.equal(schema.fields[0]?.name, 'id');
    assert.ok(schema.fields.some((f) => f.name === schema.required));
  }
});

test('aliases resolve headers as spelled in the file', () => {
  const headers = ['Candidate-ID', 'Full Name', 'Job Title', 'skill_list', 'YEARS_EXPERIENCE', ' City ', 'Province', 'CV Text', 'notes'];
  const map = resolveColumns(headers, CANDIDATE_SCHEMA);
  assert.deepEqual(Object.fromEntries(map), {
    id: 'Candidate-ID',
    name: 'Full Name',
    titles: 'Job Title',
    skills: 'skill_list',
    experience: 'YEARS_EXPERIENCE',
    city: ' City ',
    state: 'Province',
    resume: 'CV Text',
  });
  const jobs = resolveColumns(['Job ID', 'Position Title', 'Employer', 'Location', 'Job Description'], JOB_SCHEMA);
  assert.deepEqual(Object.fromEntries(jobs), {
    id: 'Job ID',
    title: 'Position Title',
    company: 'Employer',
    location: 'Location',
    description: 'Job Description',
  });
});

test('the field name beats its aliases, and earlier aliases beat later ones', () => {
  const map = resolveColumns(['cv', 'resume_text', 'Resume', 'title', 'job_title'], CANDIDATE_SCHEMA);
  assert.equal(map.get('resume'), 'Resume');
  assert.equal(map.get('titles'), 'title');
  assert.equal(resolveColumns(['cv', 'resume_text'], CANDIDATE_SCHEMA).get('resume'), 'resume_text');
});

test('an override takes its header from the aliases; that header serves no other field', () => {
  const map = resolveColumns(['name', 'nickname', 'text', 'resume'], CANDIDATE_SCHEMA, { name: 'Nickname', resume: 'text' });
  assert.equal(map.get('name'), 'nickname');
  assert.equal(map.get('resume'), 'text');
  assert.equal([...map.values()].filter((h) => h === 'text').length, 1);
});

test('parseColumnOverrides: pairs, spaces, unknown field, malformed pair', () => {
  assert.deepEqual(parseColumnOverrides('name=full_name, resume = cv_text', CANDIDATE_SCHEMA), {
    name: 'full_name',
    resume: 'cv_text',
  });
  assert.throws(() => parseColumnOverrides('nam=full_name', CANDIDATE_SCHEMA), (err: unknown) => {
    assert.ok(err instanceof UsageError);
    assert.equal(
      err.message,
      "unknown candidate field 'nam' in column overrides; valid fields: id, name, titles, skills, experience, city, state, location, resume",
    );
    return true;
  });
  assert.throws(() => parseColumnOverrides('description', JOB_SCHEMA), {
    name: 'UsageError',
    message: "column override 'description' must look like field=header (e.g. name=full_name)",
  });
  assert.throws(() => parseColumnOverrides('text=body,resume=cv', TEXT_SCHEMA), {
    message: "unknown text field 'resume' in column overrides; valid fields: id, text",
  });
});

test('checkColumns: missing required column lists columns found and accepted names', () => {
  const headers = ['id', 'name', 'skills'];
  assert.throws(() => checkColumns(resolveColumns(headers, CANDIDATE_SCHEMA), headers, CANDIDATE_SCHEMA, {}, 'c.csv'), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(
      err.message,
      'c.csv: no resume column for candidates; columns found: id, name, skills; accepted names: resume, resume_text, ' +
        'resume_str, resume_body, resume_content, cv, cv_text, curriculum_vitae, text (or map one with resume=COLUMN)',
    );
    return true;
  });
});

test('checkColumns: an override naming an absent header lists the headers found', () => {
  const headers = ['id', 'resume'];
  const overrides = { name: 'full_name' };
  assert.throws(() => checkColumns(resolveColumns(headers, CANDIDATE_SCHEMA, overrides), headers, CANDIDATE_SCHEMA, overrides, 'c.csv'), {
    name: 'InputError',
    message: "c.csv: column 'full_name' (given for name) is not in the file; columns found: id, resume",
  });
});

test('docs/input.md lists every field and alias of every kind', () => {
  const docs = readFileSync(join(root, 'docs', 'input.md'), 'utf8');
  for (const schema of Object.values(SCHEMAS)) {
    for (const spec of schema.fields) {
      const row = docs.split('\n').find((l) => l.startsWith(`| ${schema.kind} | \`${spec.name}\` |`));
      assert.ok(row !== undefined, `docs/input.md has no alias row for ${schema.kind}.${spec.name}`);
      const listed = [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]).slice(1);
      assert.deepEqual(listed, [...spec.aliases], `${schema.kind}.${spec.name}`);
    }
  }
});
