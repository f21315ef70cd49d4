/**
 * The CLI's one way to its standard streams. A reader that closes stdout early (`| head`)
 * makes node emit EPIPE on the stream; unhandled, that crashes the process with a stack trace
 * and exit code 1, which CI reads as "a gate failed". Here it ends the run quietly instead:
 * the next write throws OutputClosedError, which the top-level handler turns into exit 0.
 * A closed stderr is ignored (nobody is left to read notices).
 */
import { isClosedPipe, OutputClosedError } from '../errors.js';

let stdoutClosed = false;
let guarded = false;

/** Installs the stream error handlers once per process (main() calls it first). */
export function guardStandardStreams(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (err) => {
    if (!isClosedPipe(err)) throw err;
    stdoutClosed = true;
  });
  process.stderr.on('error', (err) => {
    if (!isClosedPipe(err)) throw err;
  });
}

/**
 * Writes a chunk of a command's output to stdout.
 *
 * @throws OutputClosedError once the reader has gone away, so the command stops early.
 */
export function writeStdout(chunk: string): void {
  if (stdoutClosed || process.stdout.destroyed) throw new OutputClosedError();
  process.stdout.write(chunk);
}

/** Whether stdout is a terminal: decides the default output formats (tables for people). */
export function stdoutIsTerminal(): boolean {
  return process.stdout.isTTY === true;
}
