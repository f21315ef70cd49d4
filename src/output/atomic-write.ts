/**
 * Output files appear whole or not at all: data goes to a temp file beside the target, which is
 * renamed over it only on commit. A failed, aborted or interrupted (SIGINT/SIGTERM) run leaves
 * neither a partial target nor a temp file, so a CI step never reads a half-written report.
 */
import { randomBytes } from 'node:crypto';
import { constants, unlinkSync } from 'node:fs';
import { access, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isClosedPipe, OutputClosedError, ResumatorError, UsageError } from '../errors.js';
import { registerCleanup } from '../exit-cleanup.js';

/** The path that means standard output: written directly, no temp file. */
export const STDOUT_PATH = '-';

export interface AtomicWriter {
  /** The target path as given (or '-'). */
  readonly path: string;
  /** Appends a chunk; resolves when the chunk is handed to the OS. Strings are UTF-8. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Flushes to disk, closes and renames the temp file onto the target. */
  commit(): Promise<void>;
  /** Closes and deletes the temp file; the target is untouched. Safe to call more than once. */
  abort(): Promise<void>;
}

/**
 * Opens a streaming writer for `path` ('-' = stdout). The temp file is
 * `<dir>/.<name>.tmp-<pid>-<random>`; it is removed by {@link AtomicWriter.abort}, on process
 * exit, and on SIGINT/SIGTERM (src/exit-cleanup.ts: the signal is then re-raised, so the exit
 * status still says "killed by SIGINT", i.e. 130 in a shell).
 *
 * @throws UsageError naming the path when the directory is missing, not writable, or the
 *   target is a directory.
 */
export async function openAtomicWriter(path: string): Promise<AtomicWriter> {
  if (path === STDOUT_PATH) return stdoutWriter();
  await rejectDirectory(path);
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx');
  } catch (err) {
    throw outputError(path, err);
  }
  return new FileWriter(path, temp, handle, registerCleanup(() => unlinkSync(temp)));
}

/**
 * Writes `data` to `path` atomically ('-' = stdout).
 *
 * @example
 * await writeFileAtomic('report.json', renderJson(report));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await withAtomicWriter(path, (writer) => writer.write(data));
}

/**
 * Runs `fill` with a writer for `path`, commits when it resolves and aborts when it throws
 * (then rethrows), so callers cannot forget the cleanup.
 */
export async function withAtomicWriter<T>(path: string, fill: (writer: AtomicWriter) => Promise<T>): Promise<T> {
  const writer = await openAtomicWriter(path);
  try {
    const result = await fill(writer);
    await writer.commit();
    return result;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

class FileWriter implements AtomicWriter {
  private state: 'open' | 'done' = 'open';

  constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    /** Unregisters the exit/signal clean-up that removes the temp file. */
    private readonly release: () => void,
  ) {}

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`write after commit/abort of ${this.path}`);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      // A single write() may be partial (e.g. near a quota), so loop until all bytes are out.
      for (let off = 0; off < bytes.length; ) {
        const { bytesWritten } = await this.handle.write(bytes, off, bytes.length - off);
        off += bytesWritten;
      }
    } catch (err) {
      await this.abort();
      throw outputError(this.path, err);
    }
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') throw new Error(`commit after commit/abort of ${this.path}`);
    try {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temp, this.path);
    } catch (err) {
      await this.abort();
      throw outputError(this.path, err);
    }
    this.state = 'done';
    this.release();
  }

  async abort(): Promise<void> {
    if (this.state === 'done') return;
    this.state = 'done';
    await this.handle.close().catch(() => undefined);
    await unlink(this.temp).catch(() => undefined);
    this.release();
  }
}

function stdoutWriter(): AtomicWriter {
  return {
    path: STDOUT_PATH,
    // Waiting for each write's callback gives back-pressure when stdout is a slow pipe.
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(chunk, (err) => (err ? reject(isClosedPipe(err) ? new OutputClosedError() : outputError(STDOUT_PATH, err)) : resolve()));
      }),
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/**
 * Checks an output path before any expensive work: an existing directory, a missing or
 * unwritable parent directory fail now instead of after minutes of embedding.
 *
 * @example
 * await checkOutputTarget('reports/today.json'); // UsageError if reports/ does not exist
 */
export async function checkOutputTarget(path: string): Promise<void> {
  if (path === STDOUT_PATH) return;
  await rejectDirectory(path);
  const parent = dirname(path);
  try {
    const info = await stat(parent);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(parent, constants.W_OK);
  } catch (err) {
    throw outputError(path, err);
  }
}

/** Fails early, before any data is produced, when the target is an existing directory. */
async function rejectDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`cannot write output file '${path}': it is a directory`);
}

const PATH_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
};

/** A bad path is the user's to fix (UsageError); other I/O failures (disk full) are not. */
function outputError(path: string, err: unknown): ResumatorError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const problem = PATH_PROBLEMS[code];
  if (problem !== undefined) return new UsageError(`cannot write output file '${path}': ${problem}`);
  const reason = err instanceof Error ? err.message : String(err);
  return new ResumatorError(`cannot write output file '${path}': ${reason}`);
}
