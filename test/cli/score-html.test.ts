import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReport, skipWithoutChromium } from '../support/browser.js';
import { runCli, TINY_MODEL } from '../support/cli.js';
import { PAYLOADS, writeHostileInputs } from '../support/hostile-inputs.js';
import { fixture } from '../support/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hostile = writeHostileInputs(dir);

async function scoreHtml(name: string, args: string[]): Promise<string> {
  const out = path.join(dir, name);
  const r = await runCli(['score', ...args, '--model', TINY_MODEL, '--quiet', '--no-cache', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  return out;
}

test('score -o report.html writes one self-contained page: the chart library inlined, no external resource', async () => {
  const file = await scoreHtml('fixtures.html', [fixture('candidates.csv'), fixture('jobs.csv'), '--explain', '--skills', fixture('skills', 'explain-skills.csv'), '-k', '3']);
  const html = readFileSync(file, 'utf8');
  assert.ok(html.startsWith('<!doctype html>'));
  assert.match(html, /@observablehq\/plot v0\.6/);
  assert.match(html, /https:\/\/d3js\.org v7/);
  // No src=/href= to anything outside the page (only in-page anchors).
  assert.deepEqual(html.match(/\s(?:src|href)="(?!#)[^"]*"/g) ?? [], []);
  assert.match(html, /<h3>Job j001 &middot; Senior Backend Engineer<\/h3>/);
  assert.match(html, /<mark>Python<\/mark>/);
});

test('every input text is escaped: the page has only its own four script elements and none of the payloads as markup', async () => {
  const file = await scoreHtml('hostile.html', [hostile.candidates, hostile.jobs, '--explain', '--skills', hostile.skills, '--title-skills', '3']);
  const html = readFileSync(file, 'utf8');
  assert.equal(html.match(/<script/gi)?.length, 4);
  for (const payload of PAYLOADS) assert.ok(!html.includes(payload), `raw payload in the page: ${payload}`);
  assert.ok(html.includes('&lt;script&gt;window.__pwned = 1&lt;/script&gt;'));
});

test('in Chromium: charts drawn, no console error, injected scripts did not run, tables sort; screenshot saved', { skip: skipWithoutChromium }, async () => {
  const file = await scoreHtml('browser.html', [hostile.candidates, hostile.jobs, '--explain', '--skills', hostile.skills, '--title-skills', '3']);
  const report = await openReport(file);
  try {
    const { page } = report;
    assert.deepEqual(report.errors, []);
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.equal(await page.locator('figure[data-chart=histogram][data-rendered=true] svg').count() > 0, true);
    // The heatmap has one cell per candidate x job: 2 x 1 here.
    assert.equal(await page.locator('figure[data-chart=heatmap][data-rendered=true] svg g[aria-label=cell] rect').count(), 2);
    assert.equal(await page.locator('figure[data-rendered=failed]').count(), 0);
    // The payloads show as text: the resume snippet around "Python" contains the script text.
    assert.match(await page.locator('ul.evidence').first().innerText(), /<script>window\.__pwned = 1<\/script>/);
    const scores = (): Promise<number[]> => page.locator('section table.sortable tbody tr td:nth-child(3)').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    const before = await scores();
    await page.locator('section table.sortable thead th', { hasText: 'score' }).click();
    assert.deepEqual(await scores(), [...before].sort((a, b) => a - b));
    await report.screenshot('score-report-hostile.png');
  } finally {
    await report.close();
  }
});
