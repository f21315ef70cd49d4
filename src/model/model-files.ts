/**
 * The files of a model directory: where its ONNX model is, and every file with its size and
 * sha256 (for `models info` and manifests).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { assertNotLfsPointer } from './read-json.js';

/** Where a model directory keeps its ONNX graph, first found wins. */
export const MODEL_FILES: readonly string[] = ['model.onnx', path.join('onnx', 'model.onnx')];

/**
 * The directory's ONNX model file: model.onnx, else onnx/model.onnx (the optimum layout).
 *
 * @throws ModelError when there is none, or it is a Git LFS pointer.
 */
export async function findModelFile(dir: string): Promise<string> {
  for (const candidate of MODEL_FILES) {
    const full = path.join(dir, candidate);
    if (await fileExists(full)) {
      await assertNotLfsPointer(full);
      return full;
    }
  }
  throw new ModelError(`no ONNX model found: expected ${MODEL_FILES.join(' or ')}`, dir);
}

/**
 * The directory's tokenizer.json (a Hugging Face fast-tokenizer file, required).
 *
 * @throws ModelError when it is missing or a Git LFS pointer.
 */
export async function findTokenizerFile(dir: string): Promise<string> {
  const file = path.join(dir, 'tokenizer.json');
  if (!(await fileExists(file))) throw new ModelError('tokenizer.json not found (a Hugging Face fast-tokenizer file is required)', file);
  await assertNotLfsPointer(file);
  return file;
}

/** Whether `file` exists (any kind of entry). */
export async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

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
