import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePythonStringList, PythonListError } from '../../src/rerank/python-list.js';

test('reads single- and double-quoted items with commas and quotes inside', () => {
  assert.deepEqual(parsePythonStringList(`['manage staff', "supervise housekeepers' duties", 'a, b']`), ['manage staff', "supervise housekeepers' duties", 'a, b']);
  assert.deepEqual(parsePythonStringList(`['it\\'s', "say \\"hi\\""]`), ["it's", 'say "hi"']);
});

test('decodes Python escapes (\\xa0 as TalentCLEF writes non-breaking spaces)', () => {
  assert.deepEqual(parsePythonStringList(`['nursing\\xa0care', 'tab\\there', 'back\\\\slash', 'snow\\u2603']`), ['nursing\u00a0care', 'tab\there', 'back\\slash', 'snow\u2603']);
});

test('empty list, whitespace and a trailing comma', () => {
  assert.deepEqual(parsePythonStringList('[]'), []);
  assert.deepEqual(parsePythonStringList(" [ 'a' ,\n 'b' , ] "), ['a', 'b']);
});

test('anything else is an error that says where', () => {
  for (const bad of [`'a'`, `['a' 'b']`, `['a'`, `['a', b]`, `['a'] x`, `['bad \\q escape']`, `['\\x4']`]) {
    assert.throws(() => parsePythonStringList(bad), (err: unknown) => err instanceof PythonListError && /at character \d+/.test(err.message), bad);
  }
});
