/** Content hashes the Hub publishes: sha256 for LFS files, the git blob sha1 for the others. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface FileDigest {
  size: number;
  sha256: string;
  /** sha1 over `blob <size>\0<content>`: git's object id for the file, as in the Hub's blobId. */
  gitBlobSha1: string;
}

/**
 * Hashes a file in one streaming pass.
 *
 * @example
 * (await hashFile('config.json')).gitBlobSha1; // equals `git hash-object config.json`
 */
export async function hashFile(file: string): Promise<FileDigest> {
  const { size } = await stat(file);
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { size, sha256: sha256.digest('hex'), gitBlobSha1: sha1.digest('hex') };
}
