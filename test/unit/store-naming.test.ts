import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { copyChunks, copyTextColumn } from '../../src/store/copy-binary.js';
import { connectError, extensionError, queryError, StoreError } from '../../src/store/store-errors.js';
import { checkStoreSettings } from '../../src/store/store-settings.js';
import { describeStore, redactStoreUrl } from '../../src/store/store-url.js';

test('store URLs are shown without password or query parameters', () => {
  assert.equal(redactStoreUrl('postgres://ana:s3cret@db:5432/hr?sslmode=require&sslpassword=x'), 'postgres://ana@db:5432/hr');
  assert.equal(redactStoreUrl('postgresql://ana:p%40ss@db/hr'), 'postgresql://ana@db/hr');
  assert.equal(redactStoreUrl('postgres://ana:a:b@c@db/hr'), 'postgres://ana@db/hr');
  assert.equal(redactStoreUrl('postgres://db/hr'), 'postgres://db/hr');
  assert.equal(redactStoreUrl('mysql://root:pw@db'), 'mysql://root@db');
  assert.equal(redactStoreUrl('root:pw@db'), '(not a URL)');
  assert.equal(describeStore({ user: 'ana', host: 'db', port: 5433, database: 'hr' }, 'resumator'), 'postgres://ana@db:5433/hr (schema resumator)');
});

test('store settings: a postgres URL and a plain schema name, or a usage error that hides the password', () => {
  checkStoreSettings({ url: 'postgres://', schema: 'resumator' });
  checkStoreSettings({ url: 'postgresql://a@b/c', schema: 'Shard_2' });
  assert.throws(() => checkStoreSettings({ url: 'mysql://root:hunter2@db', schema: 'resumator' }), (err: Error) => err instanceof UsageError && !err.message.includes('hunter2') && /postgres:\/\//.test(err.message));
  for (const schema of ['1abc', 'a-b', 'a"b', '', 'x'.repeat(64)]) assert.throws(() => checkStoreSettings({ url: 'postgres://', schema }), UsageError, schema);
});

test('connection failures become store errors that say what to do', () => {
  const where = 'postgres://ana@db:1/hr (schema resumator)';
  const cases: Array<[unknown, RegExp]> = [
    [Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:1'), { code: 'ECONNREFUSED' }), /cannot reach the store .*PostgreSQL runs there/],
    [new Error('Connection terminated due to connection timeout'), /cannot reach the store/],
    [Object.assign(new Error('password authentication failed for user "ana"'), { code: '28P01' }), /refused the login .*PGPASSWORD/],
    [new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), /asks for a password and none was given/],
    [Object.assign(new Error('database "hr" does not exist'), { code: '3D000' }), /createdb/],
    [new Error('The server does not support SSL connections'), /TLS failed .*sslmode/],
  ];
  for (const [err, expected] of cases) {
    const e = connectError(err, where);
    assert.ok(e instanceof StoreError);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, expected);
    assert.ok(e.message.includes(where));
  }
});

test('a missing pgvector says how to install it for the server major; other failures keep their SQLSTATE', () => {
  const missing = extensionError(Object.assign(new Error('extension "vector" is not available'), { code: '0A000' }), 'postgres://x@y:1/z', 16);
  assert.match(missing.message, /pgvector is not installed .*postgresql-16-pgvector.*make && make install/);
  const denied = extensionError(Object.assign(new Error('permission denied to create extension "vector"'), { code: '42501' }), 'w', 15);
  assert.match(denied.message, /CREATE EXTENSION vector/);
  const other = queryError(Object.assign(new Error('disk full'), { code: '53100' }), 'w', 'writing 3 candidates');
  assert.match(other.message, /failed while writing 3 candidates: disk full \[SQLSTATE 53100\]/);
  assert.equal(other.sqlState, '53100');
});

test('binary COPY: signature, one row with its five fields, vector in network order, end marker', () => {
  const vector = new Float32Array([1, -2.5]);
  const chunks = [...copyChunks([{ ord: 7, id: 'c1', textHash: Buffer.alloc(32, 0xab), truncated: true, vector }], 2)];
  assert.equal(chunks.length, 3);
  assert.deepEqual(chunks[0], Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]));
  assert.deepEqual(chunks[2], Buffer.from([0xff, 0xff]));
  const row = chunks[1]!;
  let at = 0;
  const int16 = (): number => { const v = row.readInt16BE(at); at += 2; return v; };
  const int32 = (): number => { const v = row.readInt32BE(at); at += 4; return v; };
  assert.equal(int16(), 5);
  assert.equal(int32(), 4); assert.equal(int32(), 7);
  assert.equal(int32(), 2); assert.equal(row.toString('utf8', at, (at += 2)), 'c1');
  assert.equal(int32(), 32); at += 32;
  assert.equal(int32(), 1); assert.equal(row[at++], 1);
  assert.equal(int32(), 4 + 8); assert.equal(int16(), 2); assert.equal(int16(), 0);
  assert.equal(row.readFloatBE(at), 1); assert.equal(row.readFloatBE(at + 4), -2.5);
  assert.equal(at + 8, row.length);
  assert.equal(vector[1], -2.5, 'the caller\'s vector is not byte-swapped in place');
  const ids = Buffer.concat([...copyTextColumn(['a', 'é'])]);
  assert.equal(ids.length, 19 + (2 + 4 + 1) + (2 + 4 + 2) + 2);
});
