/**
 * A model's identity for the cache: sha256 over the bytes of every file that decides its
 * vectors. Hashing a 400 MB ONNX file takes about a second, so each file's hash is memoised
 * by (path, size, mtime, inode) and recomputed only when one of those changes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelDirectory } from '../model/model-dir.js';

/** What identifies one version of a file on disk without reading it. */
export interface FileIdentity {
  path: string;
  size: bigint;
  mtimeNs: bigint;
  ino: bigint;
}

/** Where file hashes are remembered between runs (the cache database, or nothing). */
export interface HashMemo {
  get(file: FileIdentity): string | undefined;
  set(file: FileIdentity, sha256: string): void;
}

/** What fingerprinting reads of a model directory (an encoder's or a causal LM's). */
export type ModelFiles = Pick<ModelDirectory, 'dir' | 'modelFile' | 'tokenizerFile'>;

const noMemo: HashMemo = { get: () => undefined, set: () => undefined };

/**
 * The files whose bytes decide a model's embeddings: the ONNX graph with any external-data
 * files beside it, and the tokenizer (a new vocabulary changes every vector as surely as new
 * weights do).
 */
export async function fingerprintFiles(model: ModelFiles): Promise<string[]> {
  const onnxDir = path.dirname(model.modelFile);
  const base = path.basename(model.modelFile);
  // External weights are published as `model.onnx_data` / `model.onnx.data` (one or several).
  const external = (await readdir(onnxDir)).filter((name) => name.startsWith(`${base}_data`) || name.startsWith(`${base}.data`)).sort();
  const tokenizerConfig = path.join(model.dir, 'tokenizer_config.json');
  const hasTokenizerConfig = await stat(tokenizerConfig).then((s) => s.isFile(), () => false);
  return [model.modelFile, ...external.map((name) => path.join(onnxDir, name)), model.tokenizerFile, ...(hasTokenizerConfig ? [tokenizerConfig] : [])];
}

/**
 * sha256 (hex) over the model's files, each hashed once per version thanks to `memo`.
 *
 * @example
 * await modelFingerprint(model, cache.hashMemo); // 'e3b0c442…' (64 hex digits)
 */
export async function modelFingerprint(model: ModelFiles, memo: HashMemo = noMemo): Promise<string> {
  const combined = createHash('sha256');
  const root = path.resolve(model.dir);
  for (const file of await fingerprintFiles(model)) {
    // Relative names: the same model copied to another directory keeps its cache entries.
    combined.update(`${path.relative(root, path.resolve(file))}\0${await fileSha256(file, memo)}\n`);
  }
  return combined.digest('hex');
}

/** sha256 (hex) of one file, from `memo` when the file is unchanged since it was last hashed. */
export async function fileSha256(file: string, memo: HashMemo = noMemo): Promise<string> {
  const before = await identify(file);
  const known = memo.get(before);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  const after = await identify(file);
  // A file rewritten while it was read may not match the hash: use it, but do not remember it.
  if (after.size === before.size && after.mtimeNs === before.mtimeNs && after.ino === before.ino) memo.set(before, sha256);
  return sha256;
}

async function identify(file: string): Promise<FileIdentity> {
  const s = await stat(file, { bigint: true });
  return { path: path.resolve(file), size: s.size, mtimeNs: s.mtimeNs, ino: s.ino };
}
