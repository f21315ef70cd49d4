import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { escapeCsvCell, renderCsv } from '../../src/report/score/csv.js';
import { sampleReport } from '../support/sample-report.js';

test('golden CSV: header, RFC 4180 quoting, formula cells neutralised, numbers untouched', () => {
  assert.equal(renderCsv(sampleReport()), [
    'job,candidate,rank,score,label',
    'backend,alice,1,0.8123456789,good',
    "backend,'=cmd,2,0.45,mid",
    "backend,'-2,3,-0.0500004,bad",
    `"data, ""ml""",'@x,1,0.3,bad`,
    '"data, ""ml""","multi\nline",2,0.61,good',
    '',
  ].join('\n'));
});

test('per candidate uses the same columns', () => {
  const csv = renderCsv(sampleReport({ per: 'candidate' }));
  assert.ok(csv.startsWith('job,candidate,rank,score,label\n'));
});

test('no matches: header only', () => {
  assert.equal(renderCsv(sampleReport({ matches: [] })), 'job,candidate,rank,score,label\n');
});

test('escapeCsvCell: every OWASP trigger gets a leading quote; quoting as RFC 4180', () => {
  const cases: Array<[string, string]> = [
    ['=cmd', "'=cmd"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a\rb', '"a\rb"'],
    ['=1,2', `"'=1,2"`],
    ['plain-id', 'plain-id'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(escapeCsvCell(input), expected, JSON.stringify(input));
});

test('a CSV parser reads back the ids (after the neutralising quote) and numeric scores', () => {
  const rows = parse(renderCsv(sampleReport()), { columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(rows.map((r) => [r.job, r.candidate, Number(r.score)]), [
    ['backend', 'alice', 0.8123456789],
    ['backend', "'=cmd", 0.45],
    ['backend', "'-2", -0.0500004],
    ['data, "ml"', "'@x", 0.3],
    ['data, "ml"', 'multi\nline', 0.61],
  ]);
});
