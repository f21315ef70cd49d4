/**
 * One-line ModelErrors for what goes wrong while pulling: the network, the disk, the Hub's
 * answers. Each says what to do next; none includes request headers (the token stays secret).
 */
import { ModelError } from '../errors.js';

/** Where in a pull a failure happened, for the message. */
export interface PullContext {
  repo: string;
  revision: string;
}

export function pullCommand(context: PullContext): string {
  return `resumator models pull ${context.repo}${context.revision === 'main' ? '' : `@${context.revision}`}`;
}

/** A request failed or a transfer broke off: re-running resumes from the partial files. */
export function networkFailure(context: PullContext, what: string, err: unknown): ModelError {
  return new ModelError(`network failure while ${what} (${context.repo}@${context.revision}): ${causeText(err)}; re-run \`${pullCommand(context)}\` to resume`);
}

/** A disk full or other write failure while filling the cache. */
export function diskFailure(file: string, err: unknown): ModelError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ModelError('disk full while writing to the model cache; free some space (or pass --cache-dir / set RESUMATOR_CACHE_DIR elsewhere) and re-run to resume', file);
  }
  return new ModelError(`cannot write to the model cache: ${(err as Error).message}`, file);
}

/** Whether an error came from the file system rather than from the network. */
export function isFsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && (err as { syscall?: unknown }).syscall !== undefined;
}

/** undici hides the useful part (ECONNRESET, "other side closed") in `cause`. */
function causeText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 3; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    parts.push(code !== undefined && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(err);
}
