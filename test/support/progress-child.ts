/**
 * Child process for the terminal-reporter test: runs a progress bar on a stream that claims
 * to be a terminal (every byte appended to the file in argv[2]), then interrupts itself with
 * SIGINT mid-bar, as Ctrl-C would.
 */
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { terminalReporter } from '../../src/cli/terminal-reporter.js';

const [file] = process.argv.slice(2);
class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 80;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    appendFileSync(file as string, chunk);
    done();
  }
}
const reporter = terminalReporter({ quiet: false, stream: new FakeTerminal() as unknown as NodeJS.WriteStream });
const bar = reporter.progress('embedding', 100);
bar.update(40);
setTimeout(() => process.kill(process.pid, 'SIGINT'), 50);
setInterval(() => undefined, 1000); // stay alive until the signal ends the process
