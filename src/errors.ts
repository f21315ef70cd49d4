/**
 * Typed errors. Every failure a user can cause or fix is one of these; the single top-level
 * handler in src/cli/main.ts prints `error: <message>` and exits with `exitCode`.
 *
 * Exit codes: 0 success, 1 a CI gate failed, 2 usage, input or model error.
 */
export class ResumatorError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 2) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A flag or argument the user gave is invalid (unknown value, out of range). */
export class UsageError extends ResumatorError {}

/** Where in an input file a problem sits. Line numbers are 1-based physical lines. */
export interface InputLocation {
  file: string;
  line?: number;
  field?: string;
}

/** Input data is unusable: malformed file, missing column, duplicate id, invalid value. */
export class InputError extends ResumatorError {
  readonly location: InputLocation | undefined;
  constructor(message: string, location?: InputLocation) {
    super(formatLocated(message, location));
    this.location = location;
  }
}

/** A model directory or model file is missing, malformed or incompatible. */
export class ModelError extends ResumatorError {
  constructor(message: string, readonly file?: string) {
    super(file === undefined ? message : `${file}: ${message}`);
  }
}

/** A CI gate (e.g. `--min ndcg=0.6`) failed: exit code 1. */
export class GateError extends ResumatorError {
  constructor(message: string) {
    super(message, 1);
  }
}

function formatLocated(message: string, location: InputLocation | undefined): string {
  if (location === undefined) return message;
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
  const field = location.field === undefined ? '' : ` field '${location.field}':`;
  return `${where}:${field} ${message}`;
}

/**
 * The reader of standard output went away (`resumator … | head`, a closed socket). Not a
 * failure: the top-level handler ends the run quietly with exit code 0, as `head` users
 * expect and as `set -o pipefail` CI steps need. Thrown by the stdout sink on the next write
 * so a command stops producing output nobody reads.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('standard output was closed by its reader');
    this.name = 'OutputClosedError';
  }
}

/** Whether an I/O error means the other end of a pipe or socket is gone. */
export function isClosedPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}
