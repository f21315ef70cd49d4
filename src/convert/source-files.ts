/**
 * The non-weight files of a checkpoint that a converted model directory keeps: tokenizer files
 * and the sentence-transformers configuration. Each is copied unchanged and hashed, so
 * resumator.json can record exactly what the model was built from.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { assertNotLfsPointer } from '../model/read-json.js';
import { writeError } from './staging-dir.js';

/** Copied when present (config.json and tokenizer.json are required and checked first). */
export const KEPT_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'vocab.json',
  'merges.txt',
  'added_tokens.json',
  'chat_template.jinja',
  'sentencepiece.bpe.model',
  'spiece.model',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  'README.md',
  'LICENSE',
] as const;

/** sentence-transformers modules resumator reproduces; any other (Dense, …) would change the embeddings. */
const SUPPORTED_MODULES = ['Transformer', 'Pooling', 'Normalize'];

export interface SourceFile {
  /** Path relative to the checkpoint directory, with '/' separators. */
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * The kept files present in `srcDir`, plus the pooling config that modules.json points at
 * (default 1_Pooling/config.json). Unsupported sentence-transformers modules fail here.
 */
export async function listKeptFiles(srcDir: string, modules: unknown): Promise<string[]> {
  const found: string[] = [];
  for (const name of KEPT_FILES) if (await exists(path.join(srcDir, name))) found.push(name);
  const pooling = poolingDir(modules, path.join(srcDir, 'modules.json'));
  if (await exists(path.join(srcDir, pooling, 'config.json'))) found.push(`${pooling}/config.json`);
  return found;
}

function poolingDir(modules: unknown, file: string): string {
  if (modules === undefined) return '1_Pooling';
  if (!Array.isArray(modules)) throw new ModelError('expected a JSON array of modules', file);
  let dir = '1_Pooling';
  for (const m of modules as unknown[]) {
    const entry = (m ?? {}) as Record<string, unknown>;
    const type = String(entry['type'] ?? '');
    const kind = type.split('.').pop() ?? type;
    if (!SUPPORTED_MODULES.includes(kind)) {
      throw new ModelError(`unsupported sentence-transformers module '${type}'; supported: ${SUPPORTED_MODULES.join(', ')}`, file);
    }
    const modulePath = String(entry['path'] ?? '');
    if (kind === 'Pooling') {
      // Only a plain folder name beside modules.json: never a path leaving the checkpoint.
      if (modulePath === '' || modulePath !== path.basename(modulePath) || modulePath === '..') {
        throw new ModelError(`Pooling module path ${JSON.stringify(modulePath)} must be a folder name`, file);
      }
      dir = modulePath;
    }
  }
  return dir;
}

/** Copies `relPath` from `srcDir` into `outDir` (refusing LFS pointers); returns its hash. */
export async function copySourceFile(srcDir: string, outDir: string, relPath: string): Promise<SourceFile> {
  const from = path.join(srcDir, relPath);
  await assertNotLfsPointer(from);
  const to = path.join(outDir, relPath);
  try {
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
  } catch (err) {
    throw writeError(err, to);
  }
  return hashSourceFile(srcDir, relPath);
}

/** sha256 and size of a file, streamed (weight files can be gigabytes). */
export async function hashSourceFile(srcDir: string, relPath: string): Promise<SourceFile> {
  const file = path.join(srcDir, relPath);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { path: relPath, sha256: hash.digest('hex'), bytes: (await stat(file)).size };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
