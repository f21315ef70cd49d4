import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReport, skipWithoutChromium } from '../support/browser.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { PAYLOADS } from '../support/hostile-inputs.js';
import { fixture } from '../support/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-report-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CE = fixture('models', 'tiny-cross-encoder');
const models = ['--retriever', TINY_MODEL, '--reranker', CE, '--quiet', '--no-cache'];

/** Every command that writes an HTML report, as `-o NAME.html` picks the format. */
const REPORTS: Record<string, string[]> = {
  'rerank.html': ['rerank', '--job', 'Data Scientist', '--job', PAYLOADS[0]!, '--skills', fixture('skills', 'skills.csv'), '--candidates', '6', ...models],
  'eval-pairs.html': ['eval', 'pairs', fixture('eval', 'pairs.csv'), '--model', TINY_MODEL, '--candidates', fixture('candidates.csv'), '--jobs', fixture('jobs.csv'), '--quiet', '--no-cache'],
  'eval-ranking.html': ['eval', 'ranking', '--qrels', fixture('eval', 'qrels.txt'), '--run', fixture('eval', 'run.txt'), '--min', 'ndcg=0.1'],
  'eval-classify.html': ['eval', 'classify', fixture('eval', 'decisions.csv'), '--calibrate', '--min-precision', '0.75'],
  'eval-rerank.html': ['eval', 'rerank', '--queries', fixture('skills', 'queries'), '--skills', fixture('skills', 'corpus_elements'), '--qrels', fixture('eval', 'rerank-qrels.txt'), '--candidates', '6', '--alpha-sweep', '0,0.5,1', ...models],
};

/** The charts each page must draw. */
const CHARTS: Record<string, string[]> = {
  'rerank.html': ['classes', 'job-1', 'job-2'],
  'eval-pairs.html': ['scatter', 'histogram'],
  'eval-ranking.html': ['perQuery'],
  'eval-classify.html': ['classes'],
  'eval-rerank.html': ['sweep', 'perQuery'],
};

async function write(name: string): Promise<string> {
  const out = path.join(dir, name);
  const r = await runCli([...REPORTS[name]!, '-o', out]);
  assert.equal(r.code, 0, `${name}: ${r.stderr}`);
  return out;
}

test('rerank and every eval subcommand write a self-contained HTML page when -o ends in .html (or with --format html)', async () => {
  for (const name of Object.keys(REPORTS)) {
    const html = readFileSync(await write(name), 'utf8');
    assert.ok(html.startsWith('<!doctype html>'), name);
    assert.equal(html.match(/<script/gi)?.length, 4, name);
    for (const id of CHARTS[name]!) assert.ok(html.includes(`data-chart="${id}"`), `${name}: chart ${id}`);
  }
  const r = await runCli(['eval', 'classify', fixture('eval', 'decisions.csv'), '--format', 'html']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /<title>resumator eval classify report<\/title>/);
  assert.match(r.stdout, /Confusion matrix/);
});

test('rerank html escapes job titles and skill labels from the inputs', async () => {
  const skills = path.join(dir, 'hostile-skills.csv');
  writeFileSync(skills, `id,name\ns1,"${PAYLOADS[1]!.replace(/"/g, '""')}"\ns2,SQL\n`);
  const out = path.join(dir, 'hostile-rerank.html');
  const r = await runCli(['rerank', '--job', PAYLOADS[0]!, '--skills', skills, '--candidates', '2', ...models, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  for (const payload of PAYLOADS) assert.ok(!html.includes(payload), payload);
  assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;'));
});

test('in Chromium: every rerank and eval page draws its charts with no console error', { skip: skipWithoutChromium }, async () => {
  for (const name of Object.keys(REPORTS)) {
    const report = await openReport(await write(name));
    try {
      assert.deepEqual(report.errors, [], name);
      assert.equal(await report.page.evaluate('typeof window.__pwned'), 'undefined');
      for (const id of CHARTS[name]!) assert.ok((await report.page.locator(`figure[data-chart="${id}"][data-rendered=true] svg`).count()) > 0, `${name}: ${id} drawn`);
      await report.screenshot(name.replace('.html', '.png'));
    } finally {
      await report.close();
    }
  }
});
