import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { canSniff, formatForFile, formatFromExtension, sniffFormat } from '../../src/input/format.js';
import { readRows, type RawRow } from '../../src/input/read-rows.js';
import type { InputFormat } from '../../src/input/types.js';
import { chunked, collect, fixture, inputError } from '../support/input-helpers.js';

/** Rows of `text` read as stdin, delivered `size` bytes at a time. */
function stdinRows(text: string | Uint8Array, format?: InputFormat, size = 1): Promise<RawRow[]> {
  return collect(readRows('-', { stdin: chunked(text, size), ...(format ? { format } : {}) }));
}


test('format from extension, case-insensitive; unknown extension lists the valid formats', () => {
  assert.equal(formatFromExtension('a/B.CSV'), 'csv');
  assert.equal(formatFromExtension('x.tab'), 'tsv');
  assert.equal(formatFromExtension('x.ndjson'), 'jsonl');
  assert.equal(formatFromExtension('x.json'), 'json');
  assert.equal(formatFromExtension('x.txt'), undefined);
  assert.equal(formatForFile('x.txt', 'tsv'), 'tsv');
  assert.throws(() => formatForFile('people.xlsx'), {
    name: 'InputError',
    message:
      "people.xlsx: cannot tell the input format from the extension '.xlsx'; use one of .csv, .tsv, .tab, " +
      '.jsonl, .ndjson, .json or pass --input-format (csv, tsv, jsonl, json)',
  });
});

test('sniffing: [ -> json, { -> jsonl, tab in header line -> tsv, else csv', () => {
  assert.equal(sniffFormat('\n  [{"id":1}]'), 'json');
  assert.equal(sniffFormat('\ufeff{"id":1}\n'), 'jsonl');
  assert.equal(sniffFormat('\nid\tname\n1,2\n'), 'tsv');
  assert.equal(sniffFormat('id,name\n1\t2\n'), 'csv');
  assert.equal(sniffFormat(''), 'csv');
  assert.equal(canSniff('  '), false);
  assert.equal(canSniff('id,na'), false);
  assert.equal(canSniff('id,name\n'), true);
  assert.equal(canSniff(' ['), true);
});

test('CSV fixture: header, raw string values, start line of each multi-line record', async () => {
  const rows = await collect(readRows(fixture('candidates.csv')));
  assert.equal(rows.length, 12);
  assert.deepEqual(
    rows.map((r) => r.line),
    [2, 9, 16, 23, 30, 37, 44, 51, 58, 65, 72, 79],
  );
  assert.deepEqual(rows[0]?.headers, ['id', 'name', 'titles', 'skills', 'experience', 'city', 'state', 'location', 'resume']);
  assert.equal(rows[0]?.values.skills, 'Python; Go; PostgreSQL; Kubernetes; AWS');
  assert.equal(rows[0]?.values.location, '');
  assert.match(String(rows[0]?.values.resume), /ran the "Backend Guild" reading group\.\n\nBrightpath/);
});

test('BOM and CRLF: BOM stripped from the first header, CRLF inside a quoted field kept', async () => {
  const rows = await collect(readRows(fixture('bom-crlf.csv')));
  assert.equal(rows[0]?.headers?.[0], 'id');
  assert.deepEqual(rows.map((r) => [r.values.id, r.line]), [['b1', 2], ['b2', 4], ['b3', 5]]);
  assert.equal(
    rows[0]?.values.resume,
    'Bookkeeper for three small businesses.\r\nHandles payroll, invoicing and quarterly sales-tax filings.',
  );
});

test('CSV byte by byte: quoted commas, doubled quotes, blank lines skipped, lines still right', async () => {
  const text = 'id,resume\n\na,"one, ""two""\nthree"\n\n\nb,plain\r\n';
  const rows = await stdinRows(text, 'csv');
  assert.deepEqual(rows.map((r) => [r.line, r.values]), [
    [3, { id: 'a', resume: 'one, "two"\nthree' }],
    [7, { id: 'b', resume: 'plain' }],
  ]);
});

test('TSV fixture and TSV with a stray quote (data, not an error)', async () => {
  const rows = await collect(readRows(fixture('candidates.tsv')));
  assert.deepEqual(rows.map((r) => [r.line, r.values.id, r.values.titles]), [
    [2, 'c001', 'Senior Software Engineer|Backend Engineer'],
    [3, 'c005', 'Account Executive|Sales Representative'],
    [4, 'c007', 'CDL-A Truck Driver'],
  ]);
  const stray = await stdinRows('id\tresume\n1\tsays 5" pipe, fine\n', 'tsv');
  assert.equal(stray[0]?.values.resume, 'says 5" pipe, fine');
});

test('stdin without a format is sniffed, even one byte at a time', async () => {
  assert.deepEqual((await stdinRows('\n[{"id": "x", "n": 1}]')).map((r) => r.values), [{ id: 'x', n: 1 }]);
  assert.deepEqual((await stdinRows('{"id": "y"}\n')).map((r) => r.values), [{ id: 'y' }]);
  assert.deepEqual((await stdinRows('id\tname\nz\tZoe\n')).map((r) => r.values), [{ id: 'z', name: 'Zoe' }]);
  assert.deepEqual((await stdinRows('id,name\nw,"Wu, Lan"')).map((r) => r.values), [{ id: 'w', name: 'Wu, Lan' }]);
});

test('wrong column count names the line and both counts', async () => {
  const msg = await inputError(stdinRows('id,name,resume\n1,Ana,ok\n2,Ben,has, a comma\n', 'csv'));
  assert.equal(msg, '<stdin>:3: expected 3 columns as in the header, found 4 (check for an unquoted comma or a missing one)');
});

test('malformed quoting maps to InputError at the line where the record starts', async () => {
  const file = fixture('malformed/bad-quote.csv');
  assert.equal(
    await inputError(collect(readRows(file))),
    `${file}:4: field 'resume': a quote inside an unquoted field; wrap the field in quotes and write each quote inside it twice ("")`,
  );
  assert.equal(
    await inputError(stdinRows('id,resume\n1,ok\n2,"never closed\nmore\n', 'csv', 4)),
    "<stdin>:3: field 'resume': a quoted field opened in this record is never closed",
  );
  assert.equal(
    await inputError(stdinRows('id,resume\n1,"a\r\nb"\r\n2,"c" d\r\n', 'csv', 2)),
    `<stdin>:4: field 'resume': unexpected character after a closing quote; wrap the field in quotes and write each quote inside it twice ("")`,
  );
});

test('a header naming a column twice is an error', async () => {
  assert.equal(
    await inputError(stdinRows('id,name,Name,name\n1,a,b,c\n', 'csv')),
    "<stdin>:1: field 'name': column 'name' appears twice in the header",
  );
});

test('invalid UTF-8 reports the line of the bad byte', async () => {
  const file = fixture('malformed/invalid-utf8.csv');
  assert.equal(await inputError(collect(readRows(file))), `${file}:3: invalid UTF-8 byte sequence; save the file as UTF-8`);
  // A lone continuation byte on line 4, the stream cut one byte at a time through multi-byte text.
  const bytes = Buffer.concat([Buffer.from('id,resume\n1,"Zoë\n\u00e9t\u00e9"\n2,ok '), Buffer.from([0x80]), Buffer.from('\n')]);
  for (const size of [1, 2, 5, 1000]) {
    assert.equal(await inputError(stdinRows(bytes, 'csv', size)), '<stdin>:4: invalid UTF-8 byte sequence; save the file as UTF-8');
  }
  // A three-byte sequence broken by ASCII, split across chunks; and one cut short by the end.
  const broken = Buffer.concat([Buffer.from('{"id": "a"}\n{"id": "b\u20ac'), Buffer.from([0xe2, 0x82]), Buffer.from('x"}\n')]);
  assert.equal(await inputError(stdinRows(broken, 'jsonl', 1)), '<stdin>:2: invalid UTF-8 byte sequence; save the file as UTF-8');
  const cut = Buffer.concat([Buffer.from('id\n1\n2\n'), Buffer.from([0xe2, 0x82])]);
  assert.equal(await inputError(stdinRows(cut, 'csv', 2)), '<stdin>:4: invalid UTF-8 byte sequence; save the file as UTF-8');
});

test('JSONL: one object per line, blank lines and CRLF tolerated, any JSON values kept', async () => {
  const rows = await stdinRows('{"id": 1, "skills": ["a", "b"], "x": null}\r\n\r\n  \n{"id": "2"}', 'jsonl', 3);
  assert.deepEqual(rows, [
    { line: 1, values: { id: 1, skills: ['a', 'b'], x: null } },
    { line: 4, values: { id: '2' } },
  ]);
  const fixtureRows = await collect(readRows(fixture('candidates.jsonl')));
  assert.deepEqual(fixtureRows.map((r) => r.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test('JSONL errors: invalid JSON line, a line that is not an object', async () => {
  const file = fixture('malformed/bad-json.jsonl');
  const message = await inputError(collect(readRows(file)));
  assert.ok(message.startsWith(`${file}:3: invalid JSON: `), message);
  assert.equal(
    await inputError(stdinRows('{"id": 1}\n["a"]\n', 'jsonl')),
    '<stdin>:2: each line must be a JSON object, found an array',
  );
  assert.equal(await inputError(stdinRows('{"id": 1}\n\n42\n', 'jsonl')), '<stdin>:3: each line must be a JSON object, found a number');
});

test('JSON array: elements streamed with the line each object starts on', async () => {
  const text = '[\n  {"id": "a",\n   "resume": "x"},\n  {"id": "b"}, {"id": "c", "t": "]}{"}\n]\n';
  const rows = await stdinRows(text, 'json', 2);
  assert.deepEqual(rows, [
    { line: 2, values: { id: 'a', resume: 'x' } },
    { line: 4, values: { id: 'b' } },
    { line: 4, values: { id: 'c', t: ']}{' } },
  ]);
  assert.deepEqual(await stdinRows('[]', 'json'), []);
  assert.deepEqual(await stdinRows('  ', 'json'), []);
});

test('JSON array errors are located', async () => {
  const cases: [string, string][] = [
    ['{"id": 1}', '<stdin>:1: a .json input must be one JSON array of objects, found "{" (for one object per line use .jsonl)'],
    ['[\n{"id": 1},\n"text"]', '<stdin>:3: each array element must be a JSON object, found "\\""'],
    ['[{"id": 1},\n]', "<stdin>:2: trailing comma before ']'"],
    ['[{"id": 1}\n{"id": 2}]', "<stdin>:2: expected ',' or ']' after an array element, found \"{\""],
    ['[{"id": 1}]\nx', `<stdin>:2: unexpected "x" after the closing ']' of the array`],
    ['[{"id": 1},\n{"id": 2}\n', "<stdin>:3: the JSON array is never closed (missing ']')"],
    ['[\n{"id": 1,\n"x": 2', '<stdin>:2: object is never closed (missing })'],
  ];
  for (const [text, message] of cases) assert.equal(await inputError(stdinRows(text, 'json', 3)), message, text);
  // JSON.parse's wording varies across V8 versions: assert the location, and that the echoed
  // input is cut from the reason.
  const bad = await inputError(stdinRows('[\n{"id": 1,\n"x" 2}]', 'json', 3));
  assert.match(bad, /^<stdin>:3: invalid JSON: [^"]+$/);
  const noPosition = await inputError(stdinRows('[\n{"id": 1,\n"x": tru}]', 'json', 3));
  assert.match(noPosition, /^<stdin>:[23]: invalid JSON: [^"]+$/);
});

test('a missing file is an InputError naming it', async () => {
  const file = fixture('does-not-exist.csv');
  assert.equal(await inputError(collect(readRows(file))), `${file}: cannot read input: no such file`);
});
