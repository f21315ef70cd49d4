/**
 * Synchronous clean-ups that must run however the process ends: a normal exit, SIGINT or
 * SIGTERM (temp files and directories removed, a hidden terminal cursor shown again). The
 * handlers are installed only while some clean-up is registered, so signal behaviour is
 * unchanged at other times; after a signal it is re-raised, so the process still ends "killed
 * by SIGINT" (130 in a shell) unless something else handles it.
 */
const cleanups = new Set<() => void>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Registers `cleanup`; the returned function unregisters it (without running it).
 *
 * @example
 * const release = registerCleanup(() => rmSync(temp, { force: true }));
 * try { await fill(temp); } finally { release(); }
 */
export function registerCleanup(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  if (cleanups.size === 1) install();
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}

function install(): void {
  process.on('exit', runAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', runAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // A clean-up that fails (a file already gone) must not stop the others.
    }
  }
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  // With no other listener left, the default action ends the process with the signal's status.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
