/**
 * Child process for the staging-directory test: starts filling a staging directory beside
 * <target>, prints "ready <staging>", and waits to be killed by a signal.
 * Usage: node staging-child.js <target>
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withStagingDir } from '../../src/convert/staging-dir.js';

const [target] = process.argv.slice(2);
if (target !== undefined) {
  await withStagingDir(target, false, async (staging) => {
    await writeFile(path.join(staging, 'model.onnx'), 'partial');
    process.stdout.write(`ready ${staging}\n`);
    await new Promise(() => setInterval(() => undefined, 1000)); // until a signal arrives
  });
}
