import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { fixture } from '../support/paths.js';

const cases: Array<[file: string, message: RegExp]> = [
  ['bad-quote.csv', /bad-quote\.csv:4: field 'resume': a quote inside an unquoted field/],
  ['bad-json.jsonl', /bad-json\.jsonl:3: invalid JSON/],
  ['missing-resume-column.csv', /missing-resume-column\.csv: no resume column for candidates; columns found: id, name, skills, experience; accepted names: resume, /],
  ['empty.csv', /empty\.csv: no candidate records/],
  ['duplicate-ids.csv', /duplicate-ids\.csv:5: field 'id': duplicate id 'm1' \(first on line 2, again on line 5\)/],
  ['invalid-utf8.csv', /invalid-utf8\.csv:3: invalid UTF-8 byte sequence/],
  ['bad-experience.csv', /bad-experience\.csv:4: field 'years_experience': expected years of experience as a number/],
];

for (const [file, message] of cases) {
  test(`input error: ${file} -> exit 2, one line naming file:line and field, nothing written`, async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-input-')), 'out.json');
    const r = await runCli(['score', fixture('malformed', file), fixture('jobs.csv'), '--model', TINY_MODEL, '--quiet', '--output', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr, /^error: /);
    assert.equal(r.stdout, '');
    assert.equal(existsSync(out), false);
  });
}

test('input error: a missing description column in jobs names the accepted aliases', async () => {
  const r = await runCli(['score', fixture('candidates.csv'), fixture('candidates.csv'), '--model', TINY_MODEL, '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /candidates\.csv: no description column for jobs; columns found: .*accepted names: description, /);
});

test('usage error: a column override naming an unknown field lists the valid ones', async () => {
  const r = await runCli(['score', fixture('candidates.csv'), fixture('jobs.csv'), '--model', TINY_MODEL, '--candidate-columns', 'bogus=x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown candidate field 'bogus' in column overrides; valid fields: id, name, titles, skills, experience, city, state, location, resume/);
});

test('a file that does not exist is an input error, not a crash', async () => {
  const r = await runCli(['score', 'nope.csv', fixture('jobs.csv'), '--model', TINY_MODEL]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: nope\.csv/);
  assert.doesNotMatch(r.stderr, /unexpected failure/);
});
