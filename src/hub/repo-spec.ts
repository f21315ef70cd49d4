/** `owner/name[@revision]`: how a Hub model is named on the command line and in --model. */
import { UsageError } from '../errors.js';

export interface RepoSpec {
  /** `owner/name`. */
  repo: string;
  /** Branch, tag or commit sha; `main` when none was given. */
  revision: string;
}

export const DEFAULT_REVISION = 'main';

// The Hub's own rules for repo names; they also keep ids safe to use as path components.
const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SHA = /^[0-9a-f]{40}$/;

/** Whether `spec` has the shape of a Hub repo id (it may still name a local directory). */
export function looksLikeRepoSpec(spec: string): boolean {
  return tryParseRepoSpec(spec) !== undefined;
}

/**
 * Parses `owner/name[@revision]`.
 *
 * @example
 * parseRepoSpec('shankerram3/resumator@v2'); // { repo: 'shankerram3/resumator', revision: 'v2' }
 * @throws UsageError naming the expected form.
 */
export function parseRepoSpec(spec: string): RepoSpec {
  const parsed = tryParseRepoSpec(spec);
  if (parsed === undefined) {
    throw new UsageError(`'${spec}' is not a Hub model id: expected OWNER/NAME or OWNER/NAME@REVISION (letters, digits, '.', '_', '-'), e.g. shankerram3/resumator@main`);
  }
  return parsed;
}

/** Whether a revision is a full commit sha, which needs no ref lookup. */
export function isCommitSha(revision: string): boolean {
  return SHA.test(revision);
}

function tryParseRepoSpec(spec: string): RepoSpec | undefined {
  const at = spec.indexOf('@');
  const repo = at < 0 ? spec : spec.slice(0, at);
  const revision = at < 0 ? DEFAULT_REVISION : spec.slice(at + 1);
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts.every((p) => PART.test(p) && !p.includes('--') && !p.includes('..'))) return undefined;
  if (revision === '' || /\s/.test(revision) || revision.split('/').some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return { repo, revision };
}
