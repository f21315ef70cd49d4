/**
 * `npm run bench:html`: the HTML score report at 1,000 candidates x 50 jobs (the real resumes
 * and job descriptions of ../shared, the random-weight tiny-bert test model so the model is
 * not what is measured), with `--explain` over ESCO's skills: the CLI's wall time with and
 * without --explain, the file size, and, when Chromium is installed, the time a fresh headless
 * browser takes to load it until every chart is drawn (median of BENCH_RUNS, default 3).
 * Figures go to docs/benchmarks.md. Not a test: nothing here asserts a size or a speed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openReport, skipWithoutChromium } from '../test/support/browser.js';
import { readBenchTexts, writeBenchInputs } from './bench-inputs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:html needs ../shared beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const N = Number(process.env['BENCH_CANDIDATES'] ?? 1000);
const M = Number(process.env['BENCH_JOBS'] ?? 50);
const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-html-bench-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

try {
  const inputs = writeBenchInputs(readBenchTexts(shared), dir, N, M);
  const model = path.join(root, 'fixtures', 'models', 'tiny-bert');
  const esco = path.join(shared, 'data', 'esco', 'skills_en.csv');
  const cache = path.join(dir, 'embeddings.sqlite');
  const score = (out: string, extra: string[]): number => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'resumator.js'), 'score', inputs.candidates, inputs.jobs, '--model', model, '--quiet', '--cache', cache, '-k', '10', '-o', out, ...extra], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`score failed: ${r.stderr}`);
    return performance.now() - start;
  };
  // Warm the embedding cache first (ESCO's skills and the texts), so the timings compare the reports.
  score(path.join(dir, 'warm.html'), ['--explain', '--skills', esco]);
  const plain = path.join(dir, 'plain.html');
  const explained = path.join(dir, 'explained.html');
  const json = path.join(dir, 'explained.json');
  const wall = {
    jsonl: median(Array.from({ length: runs }, () => score(path.join(dir, 'plain.jsonl'), []))),
    html: median(Array.from({ length: runs }, () => score(plain, []))),
    explainJson: median(Array.from({ length: runs }, () => score(json, ['--explain', '--skills', esco]))),
    explainHtml: median(Array.from({ length: runs }, () => score(explained, ['--explain', '--skills', esco]))),
  };
  const mb = (file: string): string => `${(statSync(file).size / 2 ** 20).toFixed(2)} MiB`;
  process.stdout.write(`${N} candidates x ${M} jobs, top 10 per job, tiny-bert, warm embedding cache; medians of ${runs} runs\n`);
  process.stdout.write(`score -o .jsonl: ${(wall.jsonl / 1000).toFixed(2)} s; -o .html: ${(wall.html / 1000).toFixed(2)} s, ${mb(plain)}\n`);
  process.stdout.write(`score --explain (ESCO) -o .json: ${(wall.explainJson / 1000).toFixed(2)} s, ${mb(json)}; -o .html: ${(wall.explainHtml / 1000).toFixed(2)} s, ${mb(explained)}\n`);
  if (skipWithoutChromium !== false) {
    process.stdout.write(`browser load: skipped, ${skipWithoutChromium}\n`);
  } else {
    for (const file of [plain, explained]) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const report = await openReport(file);
        if (report.errors.length > 0) throw new Error(`console errors: ${report.errors.join('; ')}`);
        times.push(report.loadMs);
        if (r === 0 && file === explained) await report.screenshot('bench-1000x50.png');
        await report.close();
      }
      process.stdout.write(`Chromium load to all charts drawn (${path.basename(file)}): ${median(times).toFixed(0)} ms\n`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
