import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('../support/progress-child.js', import.meta.url));
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_ON = '\x1b[?7h';

test('Ctrl-C during a progress bar shows the cursor and turns line wrapping back on, then ends by SIGINT', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-bar-'));
  try {
    const out = path.join(dir, 'terminal.txt');
    const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const p = spawn(process.execPath, [child, out], { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', (_code, sig) => resolve(sig));
    });
    assert.equal(signal, 'SIGINT', 'the signal is re-raised, so a shell sees exit 130');
    const written = readFileSync(out, 'latin1');
    const hidden = written.indexOf(HIDE_CURSOR);
    assert.ok(hidden >= 0, 'the bar hid the cursor');
    assert.ok(written.lastIndexOf(SHOW_CURSOR) > hidden, 'the cursor is shown again after it was hidden');
    assert.ok(written.lastIndexOf(WRAP_ON) > hidden, 'line wrapping is back on');
    assert.match(written, /embedding +\[/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
