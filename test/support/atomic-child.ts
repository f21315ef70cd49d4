/**
 * Child process for the atomic-write tests: opens a writer, writes part of the output, then
 * either waits to be killed (`wait`), exits mid-write (`exit`), or writes to stdout (`stdout`).
 * Usage: node atomic-child.js <mode> <path>
 */
import { openAtomicWriter, writeFileAtomic } from '../../src/output/atomic-write.js';

const [mode, path] = process.argv.slice(2);
if (mode === 'stdout') {
  await writeFileAtomic('-', 'to stdout\n');
} else if (path !== undefined) {
  const writer = await openAtomicWriter(path);
  await writer.write('partial,output\n');
  if (mode === 'exit') process.exit(3);
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1000); // stay alive until a signal arrives
}
