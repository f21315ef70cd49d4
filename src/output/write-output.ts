import { writeFileAtomic } from './atomic-write.js';

/**
 * Writes a command's whole output: to `file` atomically (temp file + rename, so a failed or
 * interrupted run never leaves a partial file), or through `write` (stdout) when no file or '-'.
 */
export async function writeOutput(file: string | undefined, content: string, write: (chunk: string) => void): Promise<void> {
  if (file === undefined || file === '-') {
    write(content);
    return;
  }
  await writeFileAtomic(file, content);
}
