import cliProgress from 'cli-progress';
import { registerCleanup } from '../exit-cleanup.js';
import type { ProgressHandle, Reporter } from '../reporter.js';

/** Shows the cursor and turns line wrapping back on: what a bar changed on the terminal. */
const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

/**
 * Progress bars on stderr only when stderr is a terminal (never in CI logs or pipes), and
 * notices on stderr unless quiet. A bar hides the cursor and turns off line wrapping while it
 * runs; Ctrl-C (SIGINT) or SIGTERM mid-bar restores both before the process ends.
 */
export function terminalReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Reporter {
  const stream = options.stream ?? process.stderr;
  const showBars = !options.quiet && stream.isTTY === true;
  return {
    progress(label: string, total: number): ProgressHandle {
      if (!showBars || total === 0) return { update: () => undefined, stop: () => undefined };
      const bar = new cliProgress.SingleBar(
        { stream, format: `${label.padEnd(18)} [{bar}] {value}/{total} {percentage}% | {rate}/s | eta {eta_formatted}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      const release = registerCleanup(() => {
        bar.stop();
        stream.write(`${RESTORE_TERMINAL}\n`);
      });
      const started = Date.now();
      bar.start(total, 0, { rate: '-' });
      return {
        // Items per second since the start: texts, pairs or titles, whatever the bar counts.
        update: (done) => bar.update(done, { rate: rate(done, (Date.now() - started) / 1000) }),
        stop: () => {
          release();
          bar.stop();
        },
      };
    },
    notice(message: string): void {
      if (!options.quiet) stream.write(`${message}\n`);
    },
  };
}

function rate(done: number, seconds: number): string {
  if (seconds <= 0 || done === 0) return '-';
  const perSecond = done / seconds;
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(2);
}
