/** A model directory on disk: the spec is its path. */
import { stat } from 'node:fs/promises';
import type { ModelSource, SourceKind } from './model-source.js';

/** A source for a path; the loader reports a missing or incomplete directory. */
export function directorySource(dir: string): ModelSource {
  return { kind: 'directory', spec: dir, locate: async () => dir };
}

/** Owns every spec that names an existing directory (a directory wins over a look-alike repo id). */
export const DIRECTORY_KIND: SourceKind = {
  name: 'directory',
  syntax: 'DIR (a model directory)',
  async parse(spec) {
    const isDir = (await stat(spec).catch(() => undefined))?.isDirectory() === true;
    return isDir ? directorySource(spec) : undefined;
  },
};
