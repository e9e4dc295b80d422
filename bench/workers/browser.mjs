// Headless Chromium (playwright-core, Debian's /usr/bin/chromium, the launch flags of
// test/browser.ts) measuring a page: time to first complete render, script time per applied
// patch (Chrome DevTools Protocol metrics), JS heap after GC over a long run.
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../lib/workers.mjs';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = JSON.parse(readFileSync(new URL('../../test/chromium.json', import.meta.url), 'utf8')).args;
let browser;
let long;

async function launch() {
  if (browser) return browser;
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return browser;
}

async function metricsOf(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

serve({
  async version() {
    const b = await launch();
    return b.version();
  },

  /** Opens the page in a fresh context and times it to the page's own "complete" test. */
  async firstRender({ url, path, viewport, ready, timeoutMs = 60_000 }) {
    const b = await launch();
    const context = await b.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await page.goto(`${url}${path}`, { waitUntil: 'commit' });
      await page.waitForFunction(new Function(ready), null, { timeout: timeoutMs, polling: 'raf' });
      const t = await page.evaluate(
        () =>
          new Promise((r) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
                r({ complete: performance.now(), fcp });
              }),
            ),
          ),
      );
      return { viewport, completeMs: t.complete, fcpMs: t.fcp, errors };
    } finally {
      await context.close();
    }
  },

  /** Opens the page for the long measurements and counts the patch frames it receives. */
  async open({ url, path, viewport, ready, timeoutMs = 60_000 }) {
    const b = await launch();
    const context = await b.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    long = { context, page, cdp, patches: 0, frames: 0, errors: [] };
    page.on('pageerror', (e) => long.errors.push(e.message));
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    cdp.on('Network.webSocketFrameReceived', ({ response }) => {
      long.frames += 1;
      if (typeof response.payloadData === 'string' && response.payloadData.startsWith('42/live,["patch"'))
        long.patches += 1;
    });
    await page.goto(`${url}${path}`, { waitUntil: 'commit' });
    await page.waitForFunction(new Function(ready), null, { timeout: timeoutMs, polling: 'raf' });
    return true;
  },

  /** CDP performance metrics of the open page, with the patch count so far. */
  async sample({ gc = false } = {}) {
    if (gc) await long.cdp.send('HeapProfiler.collectGarbage');
    const m = await metricsOf(long.cdp);
    return {
      at: Date.now(),
      patches: long.patches,
      scriptSeconds: m.ScriptDuration,
      taskSeconds: m.TaskDuration,
      layoutSeconds: m.LayoutDuration,
      styleSeconds: m.RecalcStyleDuration,
      heapUsed: m.JSHeapUsedSize,
      heapTotal: m.JSHeapTotalSize,
      nodes: m.Nodes,
      listeners: m.JSEventListeners,
      errors: long.errors.length,
    };
  },

  async closePage() {
    await long?.context.close();
    long = undefined;
    return true;
  },

  async close() {
    await browser?.close();
    browser = undefined;
    return true;
  },
});
