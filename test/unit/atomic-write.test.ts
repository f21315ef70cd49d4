import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAtomicWriter, withAtomicWriter, writeFileAtomic } from '../../src/output/atomic-write.js';
import { UsageError } from '../../src/errors.js';

const childScript = fileURLToPath(new URL('../support/atomic-child.js', import.meta.url));

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'resumator-atomic-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string }

/** Runs the child; if `killWith` is given, sends it once the child reports it is mid-write. */
function runChild(args: string[], killWith?: NodeJS.Signals): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (killWith !== undefined && stdout.includes('ready\n')) child.kill(killWith);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

test('commit: the target holds all chunks, no temp file remains', async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, 'out.csv');
    const writer = await openAtomicWriter(target);
    await writer.write('a,b\n');
    await writer.write(new TextEncoder().encode('1,2\n'));
    const during = await readdir(dir);
    assert.equal(during.length, 1); // only the temp file so far
    assert.match(during[0]!, new RegExp(`^\\.out\\.csv\\.tmp-${process.pid}-[0-9a-f]{12}$`));
    await writer.commit();
    assert.equal(await readFile(target, 'utf8'), 'a,b\n1,2\n');
    assert.deepEqual(await readdir(dir), ['out.csv']);
  });
});

test('writeFileAtomic replaces an existing file whole', async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, 'report.json');
    await writeFile(target, 'old contents that are longer');
    await writeFileAtomic(target, '{"new":true}\n');
    assert.equal(await readFile(target, 'utf8'), '{"new":true}\n');
    assert.deepEqual(await readdir(dir), ['report.json']);
  });
});

test('abort leaves nothing and keeps an existing target untouched', async () => {
  await withTempDir(async (dir) => {
    const fresh = await openAtomicWriter(join(dir, 'new.csv'));
    await fresh.write('partial');
    await fresh.abort();
    await fresh.abort(); // idempotent
    assert.deepEqual(await readdir(dir), []);

    const kept = join(dir, 'kept.csv');
    await writeFile(kept, 'previous');
    const over = await openAtomicWriter(kept);
    await over.write('partial');
    await over.abort();
    assert.deepEqual(await readdir(dir), ['kept.csv']);
    assert.equal(await readFile(kept, 'utf8'), 'previous');
  });
});

test('a failing producer leaves no file and no temp, and its error comes through', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      withAtomicWriter(join(dir, 'out.csv'), async (writer) => {
        await writer.write('half of it');
        throw new Error('producer failed');
      }),
      /producer failed/,
    );
    assert.deepEqual(await readdir(dir), []);
  });
});

test('signal handlers exist only while a temp file is open', async () => {
  await withTempDir(async (dir) => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'), process.listenerCount('exit')];
    const a = await openAtomicWriter(join(dir, 'a'));
    const b = await openAtomicWriter(join(dir, 'b'));
    assert.equal(process.listenerCount('SIGTERM'), before[1]! + 1);
    await a.commit();
    assert.equal(process.listenerCount('SIGTERM'), before[1]! + 1); // b still open
    await b.abort();
    assert.deepEqual([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'), process.listenerCount('exit')], before);
  });
});

test('bad output paths are UsageErrors that name the path', async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, 'no-such-dir', 'out.csv');
    await assert.rejects(writeFileAtomic(missing, 'x'), (err: unknown) =>
      err instanceof UsageError && err.message === `cannot write output file '${missing}': its directory does not exist`);
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await assert.rejects(writeFileAtomic(sub, 'x'), (err: unknown) =>
      err instanceof UsageError && err.message === `cannot write output file '${sub}': it is a directory`);
    const underFile = join(dir, 'file');
    await writeFile(underFile, '');
    await assert.rejects(writeFileAtomic(join(underFile, 'x.csv'), 'x'), /a parent path is not a directory/);
    assert.deepEqual((await readdir(dir)).sort(), ['file', 'sub']);
  });
});

test('an unwritable directory is a UsageError', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, async () => {
  await withTempDir(async (dir) => {
    const locked = join(dir, 'locked');
    await mkdir(locked, { mode: 0o500 });
    const target = join(locked, 'out.csv');
    await assert.rejects(writeFileAtomic(target, 'x'), (err: unknown) =>
      err instanceof UsageError && err.message === `cannot write output file '${target}': permission denied`);
  });
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`a child killed with ${signal} mid-write leaves no output or temp file and dies by the signal`, async () => {
    await withTempDir(async (dir) => {
      const result = await runChild(['wait', join(dir, 'matrix.csv')], signal);
      assert.equal(result.stdout, 'ready\n');
      assert.equal(result.signal, signal);
      assert.deepEqual(await readdir(dir), []);
    });
  });
}

test('a child that exits mid-write leaves no temp file', async () => {
  await withTempDir(async (dir) => {
    const result = await runChild(['exit', join(dir, 'out.csv')]);
    assert.equal(result.code, 3);
    assert.deepEqual(await readdir(dir), []);
  });
});

test("'-' writes straight to stdout", async () => {
  const result = await runChild(['stdout']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'to stdout\n');
});
