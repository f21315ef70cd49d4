/**
 * Opens generated HTML reports in the system Chromium (Debian's `chromium` package) through
 * playwright-core, which downloads no browser. Tests skip with a message when it is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './paths.js';

export const CHROMIUM = process.env['RESUMATOR_CHROMIUM'] ?? '/usr/bin/chromium';

export const skipWithoutChromium: false | string = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does; or set RESUMATOR_CHROMIUM): the HTML reports are not opened in a browser`;

/** Screenshots of the opened reports are kept here (gitignored) as test artifacts. */
export const ARTIFACTS = path.join(repoRoot, 'test-artifacts');

// This closed network refuses Chromium's background connections, which then log errors.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export interface OpenedReport {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Milliseconds from navigation to the report script's `data-ready`. */
  loadMs: number;
  /** Saves a full-page screenshot under test-artifacts/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own --user-data-dir, showing `file` from file://. */
export async function openReport(file: string, viewport = { width: 1200, height: 900 }): Promise<OpenedReport> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'resumator-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const start = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    const loadMs = performance.now() - start;
    const opened = context;
    return {
      page,
      errors,
      loadMs,
      async screenshot(name: string): Promise<string> {
        mkdirSync(ARTIFACTS, { recursive: true });
        const out = path.join(ARTIFACTS, name);
        await page.screenshot({ path: out, fullPage: true });
        return out;
      },
      async close(): Promise<void> {
        await opened.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}
