import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, UsageError } from '../../src/errors.js';
import { TEXT_SCHEMA } from '../../src/input/columns.js';
import { readCandidates, readJobs, readTexts } from '../../src/input/read-records.js';
import { readTable } from '../../src/input/read-table.js';
import type { ColumnOverrides, InputFormat } from '../../src/input/types.js';
import { chunked, collect, fixture, inputError } from '../support/input-helpers.js';

const withoutSource = <T extends { source: unknown }>(records: T[]): Omit<T, 'source'>[] =>
  records.map(({ source: _source, ...rest }) => rest);

function stdin(text: string, format?: InputFormat, columns?: ColumnOverrides) {
  return { stdin: chunked(text, 5), ...(format ? { format } : {}), ...(columns ? { columns } : {}) };
}


test('candidates.csv: typed fields from mixed list and experience styles', async () => {
  const file = fixture('candidates.csv');
  const candidates = await readCandidates(file);
  assert.equal(candidates.length, 12);
  const first = candidates[0];
  assert.ok(first !== undefined);
  assert.deepEqual({ ...first, resume: first.resume.slice(0, 44) }, {
    id: 'c001',
    name: 'Amara Okafor',
    titles: ['Senior Software Engineer', 'Backend Engineer'],
    skills: ['Python', 'Go', 'PostgreSQL', 'Kubernetes', 'AWS'],
    experience: 8,
    city: 'Austin',
    state: 'TX',
    resume: 'Backend engineer with 8 years of experience ',
    source: { file, line: 2 },
  });
  assert.equal(first.resume.split('\n').length, 7);
  assert.deepEqual(
    candidates.map((c) => c.experience),
    [8, 5.5, 12, 6, 7, 10, 15, 9, 4, 7, 3, undefined],
  );
  assert.deepEqual(candidates[8], {
    ...candidates[8],
    location: 'Dearborn, Michigan',
  });
  assert.equal(candidates[8]?.city, undefined);
  const last = candidates[11];
  assert.deepEqual([last?.name, last?.city, last?.state, last?.experience], ['Ana Lucía Castillo', 'Miami', undefined, undefined]);
});

test('the same people from CSV, JSONL, a JSON array on stdin: identical records', async () => {
  const csv = await readCandidates(fixture('candidates.csv'));
  const jsonl = await readCandidates(fixture('candidates.jsonl'));
  assert.deepEqual(withoutSource(jsonl), withoutSource(csv));
  assert.deepEqual(jsonl.map((c) => c.source.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const lines = (await import('node:fs')).readFileSync(fixture('candidates.jsonl'), 'utf8').trim().split('\n');
  const array = await readCandidates('-', stdin(`[\n${lines.join(',\n')}\n]\n`));
  assert.deepEqual(withoutSource(array), withoutSource(csv));
  assert.deepEqual(array[0]?.source, { file: '<stdin>', line: 2 });
});

test('jobs.csv and jobs.jsonl agree; "3+ years" is 3; a missing experience stays missing', async () => {
  const csv = await readJobs(fixture('jobs.csv'));
  const jsonl = await readJobs(fixture('jobs.jsonl'));
  assert.equal(csv.length, 8);
  assert.deepEqual(withoutSource(jsonl), withoutSource(csv));
  assert.equal(csv[3]?.experience, 3);
  assert.equal(csv[5]?.experience, undefined);
  assert.deepEqual([csv[4]?.location, csv[4]?.city], ['Salt Lake City, UT (regional routes)', undefined]);
  assert.match(csv[0]?.description ?? '', /^Tidewater Analytics builds .*\n\nWhat you will do:\n- Design/s);
});

test('TSV and alias-header files give the same fields as the CSV', async () => {
  const csv = new Map((await readCandidates(fixture('candidates.csv'))).map((c) => [c.id, c]));
  const pick = (c: { id: string; titles: string[]; skills: string[]; experience?: number; city?: string; state?: string; name?: string }) =>
    [c.id, c.name, c.titles, c.skills, c.experience, c.city, c.state];
  for (const name of ['candidates.tsv', 'candidates-aliases.csv']) {
    const records = await readCandidates(fixture(name));
    assert.equal(records.length, 3, name);
    for (const r of records) assert.deepEqual(pick(r), pick(csv.get(r.id) ?? assert.fail(r.id)), `${name} ${r.id}`);
  }
  const aliased = await readCandidates(fixture('candidates-aliases.csv'));
  assert.equal(aliased[0]?.resume, csv.get('c002')?.resume);
});

test('BOM + CRLF file: clean first header, LF inside the resume, empty cells are missing', async () => {
  const file = fixture('bom-crlf.csv');
  const records = await readCandidates(file);
  assert.deepEqual(records.map((r) => [r.id, r.source.line]), [['b1', 2], ['b2', 4], ['b3', 5]]);
  assert.equal(records[0]?.resume, 'Bookkeeper for three small businesses.\nHandles payroll, invoicing and quarterly sales-tax filings.');
  assert.deepEqual(records[2], { id: 'b3', name: 'Grace Kim', titles: [], skills: [], resume: 'Recent graduate in biology.', source: { file, line: 5 } });
});

test('missing id column or empty id cell: the 1-based record number', async () => {
  const noId = await readCandidates('-', stdin('name,resume\nAna,x\n\nBen,y\nCy,z\n', 'csv'));
  assert.deepEqual(noId.map((c) => [c.id, c.source.line]), [['1', 2], ['2', 4], ['3', 5]]);
  const someEmpty = await readCandidates('-', stdin('{"id": "a", "resume": "x"}\n{"id": "", "resume": "y"}\n{"id": null, "resume": "z"}\n{"id": 7, "resume": ""}\n'));
  assert.deepEqual(someEmpty.map((c) => c.id), ['a', '2', '3', '7']);
  assert.equal(someEmpty[3]?.resume, '');
});

test('duplicate ids name the file, the id and both lines', async () => {
  const file = fixture('malformed/duplicate-ids.csv');
  assert.equal(await inputError(readCandidates(file)), `${file}:5: field 'id': duplicate id 'm1' (first on line 2, again on line 5)`);
  // An explicit id can collide with a record-number id.
  assert.equal(
    await inputError(readCandidates('-', stdin('id,resume\n,x\n1,y\n', 'csv'))),
    "<stdin>:3: field 'id': duplicate id '1' (first on line 2, again on line 3)",
  );
});

test('overrides pick named columns; unknown fields and absent headers are reported', async () => {
  const text = 'person,cv_text,bio\nAna Ruiz,from cv_text,from bio\n';
  const [c] = await readCandidates('-', stdin(text, 'csv', { name: 'Person', resume: 'bio' }));
  assert.deepEqual([c?.name, c?.resume], ['Ana Ruiz', 'from bio']);
  await assert.rejects(readCandidates('-', stdin(text, 'csv', { nmae: 'person' })), (err: unknown) => {
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /^unknown candidate field 'nmae' in column overrides; valid fields: id, name, /);
    return true;
  });
  assert.equal(
    await inputError(readCandidates('-', stdin(text, 'csv', { name: 'full_name' }))),
    "<stdin>: column 'full_name' (given for name) is not in the file; columns found: person, cv_text, bio",
  );
  assert.equal(
    await inputError(readCandidates('-', stdin('{"a": 1, "resume": "x"}\n{"b": 2, "resume": "y"}\n', 'jsonl', { name: 'full_name' }))),
    "<stdin>: column 'full_name' (given for name) is not in the file; columns found: a, resume, b",
  );
});

test('JSON keys resolve per record, camelCase included', async () => {
  const records = await readCandidates('-', stdin('{"fullName": "Ana", "resumeText": "x"}\n{"name": "Ben", "cv": "y", "yearsOfExperience": "2+"}\n'));
  assert.deepEqual(withoutSource(records), [
    { id: '1', name: 'Ana', titles: [], skills: [], resume: 'x' },
    { id: '2', name: 'Ben', titles: [], skills: [], experience: 2, resume: 'y' },
  ]);
});

test('missing text column: candidates, jobs (CSV up front) and JSONL (all keys seen)', async () => {
  const file = fixture('malformed/missing-resume-column.csv');
  assert.equal(
    await inputError(readCandidates(file)),
    `${file}: no resume column for candidates; columns found: id, name, skills, experience; accepted names: resume, resume_text, ` +
      'resume_str, resume_body, resume_content, cv, cv_text, curriculum_vitae, text (or map one with resume=COLUMN)',
  );
  assert.match(
    await inputError(readJobs('-', stdin('id,title,company\n1,Chef,Kettle\n', 'csv'))),
    /^<stdin>: no description column for jobs; columns found: id, title, company; accepted names: description, job_description, /,
  );
  assert.match(
    await inputError(readTexts('-', stdin('{"id": 1, "words": "x"}\n{"id": 2}\n', 'jsonl'))),
    /^<stdin>: no text column for texts; columns found: id, words; accepted names: text, content, body, /,
  );
});

test('every malformed fixture fails with file:line and field', async () => {
  const dir = (name: string) => fixture(`malformed/${name}`);
  const expected: [string, string][] = [
    ['bad-quote.csv', `:4: field 'resume': a quote inside an unquoted field; wrap the field in quotes and write each quote inside it twice ("")`],
    ['empty.csv', ': no candidate records: the input is empty or has only a header row'],
    ['invalid-utf8.csv', ':3: invalid UTF-8 byte sequence; save the file as UTF-8'],
    [
      'bad-experience.csv',
      `:4: field 'years_experience': expected years of experience as a number (like 5, 5.5, "5 years" or "5+"), found "about five"`,
    ],
  ];
  for (const [name, suffix] of expected) assert.equal(await inputError(readCandidates(dir(name))), dir(name) + suffix, name);
  const badJson = await inputError(readCandidates(dir('bad-json.jsonl')));
  assert.ok(badJson.startsWith(`${dir('bad-json.jsonl')}:3: invalid JSON: `), badJson);
  assert.equal(
    await inputError(readCandidates('-', stdin('id,name,resume\n', 'csv'))),
    '<stdin>: no candidate records: the input is empty or has only a header row',
  );
});

test('texts: id and text, with aliases; readTable is reusable with another schema', async () => {
  const texts = await readTexts('-', stdin('doc_id\tcontent\nd1\tFirst passage.\nd2\t\n'));
  assert.deepEqual(texts, [
    { id: 'd1', text: 'First passage.', source: { file: '<stdin>', line: 2 } },
    { id: 'd2', text: '', source: { file: '<stdin>', line: 3 } },
  ]);
  const skillSchema = { kind: 'skill', required: 'title', fields: [{ name: 'id', aliases: ['skill_id'] }, { name: 'title', aliases: ['skill'] }] };
  const rows = await collect(readTable('-', skillSchema, stdin('skill_id,Skill\ns1,Python\n', 'csv')));
  assert.deepEqual(rows.map((r) => [r.id, r.values, r.columns.get('title')]), [['s1', { id: 's1', title: 'Python' }, 'Skill']]);
  assert.equal(TEXT_SCHEMA.required, 'text');
});
