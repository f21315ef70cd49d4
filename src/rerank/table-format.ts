/** The input format of a rerank file, which may have no extension (TalentCLEF's queries, corpus_elements). */
import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { formatFromExtension, sniffFormat, STDIN_PATH } from '../input/format.js';
import type { InputFormat } from '../input/types.js';

const HEAD_BYTES = 64 * 1024;

/**
 * The explicit format, else the extension's, else a guess from the file's first line (a tab
 * means TSV, `{` JSONL, `[` JSON, otherwise CSV). Undefined for stdin (readRows sniffs it).
 *
 * @example await tableFormat('../shared/data/esco-job2skill/queries') // 'tsv'
 */
export async function tableFormat(path: string, explicit?: InputFormat): Promise<InputFormat | undefined> {
  if (explicit !== undefined) return explicit;
  if (path === STDIN_PATH) return undefined;
  const byExtension = formatFromExtension(path);
  if (byExtension !== undefined) return byExtension;
  let head: string;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read input: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`, { file: path });
  }
  return sniffFormat(head.replace(/^\uFEFF/, ''));
}
