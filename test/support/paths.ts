import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/support/paths.js. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** ../shared beside the checkout (real tokenizers and data); absent on a user's fresh clone. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');

/** node:test `skip` value: false when ../shared exists, else the reason shown in the report. */
export const skipWithoutShared: false | string = existsSync(sharedDir) ? false : '../shared is absent (real tokenizers and data are only beside CI and dev checkouts)';

export function fixture(...parts: string[]): string {
  return path.join(repoRoot, 'fixtures', ...parts);
}
