import cliProgress from 'cli-progress';
import type { ProgressHandle, Reporter } from '../reporter.js';

/**
 * Progress bars on stderr only when stderr is a terminal (never in CI logs or pipes), and
 * notices on stderr unless quiet.
 */
export function terminalReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Reporter {
  const stream = options.stream ?? process.stderr;
  const showBars = !options.quiet && stream.isTTY === true;
  return {
    progress(label: string, total: number): ProgressHandle {
      if (!showBars || total === 0) return { update: () => undefined, stop: () => undefined };
      const bar = new cliProgress.SingleBar(
        { stream, format: `${label.padEnd(18)} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { update: (done) => bar.update(done), stop: () => bar.stop() };
    },
    notice(message: string): void {
      if (!options.quiet) stream.write(`${message}\n`);
    },
  };
}
