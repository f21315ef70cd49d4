/**
 * How commands talk to the person running them, without knowing about terminals: the CLI
 * passes a terminal implementation (src/cli/terminal-reporter.ts), tests pass a silent one.
 */
export interface ProgressHandle {
  update(done: number): void;
  stop(): void;
}

export interface Reporter {
  /** A progress indicator for `total` units of work labelled `label`. */
  progress(label: string, total: number): ProgressHandle;
  /** A one-line notice on stderr (warnings, notes); never on stdout. */
  notice(message: string): void;
}

export const silentReporter: Reporter = {
  progress: () => ({ update: () => undefined, stop: () => undefined }),
  notice: () => undefined,
};
