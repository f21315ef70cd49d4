/**
 * Every output path of a command is checked before any work: each must be writable
 * (checkOutputTarget), none may be one of the command's input files (an atomic rename over the
 * input would silently replace the data being read), and no two outputs may be the same file
 * (the last rename would win and the other output would be lost).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { checkOutputTarget, STDOUT_PATH } from './atomic-write.js';

/** A path with the flag or argument that named it, for messages. */
export interface NamedPath {
  /** e.g. '--output', '--matrix', 'the candidates file'. */
  what: string;
  path: string | undefined;
}

/**
 * @throws UsageError naming both flags when an output is an input or another output.
 *
 * @example
 * await checkOutputTargets([{ what: '--output', path: 'r.json' }, { what: '--matrix', path: 'm.csv' }], [{ what: 'the candidates file', path: 'c.csv' }]);
 */
export async function checkOutputTargets(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  const named = (list: readonly NamedPath[]) => list.filter((p): p is { what: string; path: string } => p.path !== undefined && p.path !== STDOUT_PATH);
  const outs = named(outputs);
  const ins = named(inputs);
  const keys = new Map<string, string>();
  const keyOf = async (p: string): Promise<string> => {
    // The same file through a symlink, a hard link or another spelling of the path is the same inode.
    const info = await stat(p).catch(() => undefined);
    return info === undefined ? `path:${path.resolve(p)}` : `inode:${info.dev}:${info.ino}`;
  };
  for (const input of ins) keys.set(await keyOf(input.path), input.what);
  for (const output of outs) {
    const key = await keyOf(output.path);
    const clash = keys.get(key);
    if (clash !== undefined) {
      const sameFlag = clash.startsWith('-');
      throw new UsageError(
        sameFlag
          ? `${output.what} and ${clash} name the same file '${output.path}'; give each its own file`
          : `${output.what} '${output.path}' is ${clash}: writing it would replace the input; choose another output file`,
      );
    }
    keys.set(key, output.what);
    await checkOutputTarget(output.path);
  }
}
