import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { APP_ROOT } from './paths';

/** Debian's Chromium; the tests drive it with playwright-core, which downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Screenshots the browser tests keep (gitignored). */
export const ARTIFACTS = path.join(APP_ROOT, 'test-artifacts');

export interface TestBrowser {
  page: Page;
  context: BrowserContext;
  /** A full-page screenshot under test-artifacts/<folder>/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile in the temp folder, removed on close. Fails, naming the package, when Chromium is missing. */
export async function openBrowser(folder: string): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing (${CHROMIUM}): install it with \`apt-get update && apt-get install -y chromium\` (as .ci/run does).`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const shots = path.join(ARTIFACTS, folder);
  fs.mkdirSync(shots, { recursive: true });
  return {
    page,
    context,
    async screenshot(name) {
      if (errors.length) throw new Error(`The page threw: ${errors.join('\n')}`);
      const file = path.join(shots, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
