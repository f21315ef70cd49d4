import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { listValue, textValue, yearsValue, type FieldLocation } from '../../src/input/fields.js';

const at: FieldLocation = { file: 'c.csv', line: 7, field: 'Skills' };

function located(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.message, `c.csv:7: field 'Skills': ${message}`);
    assert.deepEqual(err.location, at);
    return true;
  });
}

test('textValue trims, keeps inner newlines, turns CRLF into LF, empty means missing', () => {
  assert.equal(textValue('  Ana  ', at), 'Ana');
  assert.equal(textValue(' para one\r\n\r\npara two \n', at), 'para one\n\npara two');
  assert.equal(textValue('   ', at), undefined);
  assert.equal(textValue('', at), undefined);
  assert.equal(textValue(null, at), undefined);
  assert.equal(textValue(undefined, at), undefined);
  assert.equal(textValue(42, at), '42');
  assert.equal(textValue(true, at), 'true');
  located(() => textValue(['a'], at), 'expected text, found an array');
  located(() => textValue({ a: 1 }, at), 'expected text, found an object');
});

test('listValue: separators by priority ; then | then ,', () => {
  assert.deepEqual(listValue('Python; SQL, Spark;', at), ['Python', 'SQL, Spark']);
  assert.deepEqual(listValue('Go | Rust, C | ', at), ['Go', 'Rust, C']);
  assert.deepEqual(listValue('a|b;c', at), ['a|b', 'c']);
  assert.deepEqual(listValue(' Excel ,  , Word ', at), ['Excel', 'Word']);
  assert.deepEqual(listValue('Nursing', at), ['Nursing']);
  assert.deepEqual(listValue('  ', at), []);
  assert.deepEqual(listValue(undefined, at), []);
  assert.deepEqual(listValue(null, at), []);
});

test('listValue: JSON arrays, real or in a string; Python-style lists', () => {
  assert.deepEqual(listValue(['  SQL ', '', null, 'A/B testing', 3], at), ['SQL', 'A/B testing', '3']);
  assert.deepEqual(listValue('["Go", "Rust; C", " "]', at), ['Go', 'Rust; C']);
  assert.deepEqual(listValue("['Python', 'Machine Learning']", at), ['Python', 'Machine Learning']);
  assert.deepEqual(listValue('[Excel, Word]', at), ['Excel', 'Word']);
  assert.deepEqual(listValue('[]', at), []);
  assert.deepEqual(listValue(7, at), ['7']);
  located(() => listValue([{ name: 'x' }], at), 'list items must be strings, found an object');
  located(() => listValue({ a: 1 }, at), 'expected a list, found an object');
  located(() => listValue(true, at), 'expected a list, found a boolean');
});

test('yearsValue accepts numbers and "5", "5.5", "5 years", "5+", "5+ yrs"', () => {
  const cases: [unknown, number | undefined][] = [
    [5, 5],
    [0, 0],
    [2.5, 2.5],
    ['5', 5],
    [' 5.5 ', 5.5],
    ['.5', 0.5],
    ['5 years', 5],
    ['1 year', 1],
    ['5+', 5],
    ['10+ years', 10],
    ['3 yrs', 3],
    ['3 YRS.', 3],
    ['', undefined],
    [' ', undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [input, expected] of cases) assert.equal(yearsValue(input, at), expected, String(input));
});

test('yearsValue rejects other text, negatives and non-numbers with file:line and field', () => {
  const help = (found: string): string =>
    `expected years of experience as a number (like 5, 5.5, "5 years" or "5+"), found ${found}`;
  located(() => yearsValue('about five', at), help('"about five"'));
  located(() => yearsValue('5-7', at), help('"5-7"'));
  located(() => yearsValue('5 months', at), help('"5 months"'));
  located(() => yearsValue('-2', at), 'must not be negative, found "-2"');
  located(() => yearsValue(-1, at), 'must not be negative, found -1');
  located(() => yearsValue(Number.NaN, at), help('NaN'));
  located(() => yearsValue([5], at), help('an array'));
  located(() => yearsValue(true, at), help('a boolean'));
});
