/** Every file of a model directory with its size and sha256, for `models info` and manifests. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ModelFile {
  /** Relative to the model directory, '/'-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Lists the regular files under `dir` (recursively, sorted by path) with sizes and hashes.
 * Hashing streams each file, so multi-GB weights do not have to fit in memory.
 */
export async function listModelFiles(dir: string): Promise<ModelFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    // parentPath is Node >= 20.12; older 20.x name it path.
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
  const out: ModelFile[] = [];
  for (const rel of files) {
    const full = path.join(dir, rel);
    out.push({ path: rel.split(path.sep).join('/'), bytes: (await stat(full)).size, sha256: await sha256File(full) });
  }
  return out;
}

/** The sha256 of a file as lowercase hex, streamed. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
