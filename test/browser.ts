import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { testNow } from '../backend/src/testing/test-clock';

/** Debian's Chromium; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch flags shared with the benchmarks (test/chromium.json). */
const CHROMIUM_ARGS = (
  JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8')) as { args: string[] }
).args;

/**
 * True when a Chromium is installed. In CI a missing browser is an error, never a silent skip;
 * locally the browser tests skip with a message saying how to enable them.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (CI=true, so this fails)`);
  console.warn(
    `[skip] browser tests skipped: no Chromium at ${CHROMIUM_PATH}. apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH.`,
  );
  return false;
}

/** Launches headless Chromium (Playwright gives every launch a fresh temporary profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Collects a page's console errors and uncaught exceptions, for a "no console errors" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * A browser context whose clock runs from the test moment (backend/src/testing/test-clock.ts),
 * like the test servers' clocks: the page's `Date` agrees with the server's T, so countdowns,
 * session expiry and the daily reload never depend on when the suite runs. A spec pinned to a
 * moment of its own passes that moment as `now`.
 */
export async function newTestContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  now: number = testNow(),
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: now });
  return context;
}

/** A page in a new {@link newTestContext}; closing the page's context is the caller's (browser.close() does). */
export async function newTestPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return (await newTestContext(browser, options)).newPage();
}

/**
 * Where browser tests write their screenshots, with a trailing slash: `test-results/screenshots/`
 * (not tracked), or `SCREENSHOTS_DIR` (`npm run screenshots` writes the README's, docs/screenshots).
 */
export function screenshotDir(): string {
  const dir = process.env.SCREENSHOTS_DIR ?? new URL('../test-results/screenshots/', import.meta.url).pathname;
  const withSlash = dir.endsWith('/') ? dir : `${dir}/`;
  mkdirSync(withSlash, { recursive: true });
  return withSlash;
}
