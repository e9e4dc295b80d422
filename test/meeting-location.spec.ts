/**
 * A case pin outside its own district is flagged, not drawn as truth (issue 13 item 4): a 登封市
 * case reported with a point in 中原区 opens on the tablet with 位置待核实; a case whose point lies
 * in its district shows no flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { citizenReport } from '../backend/src/testing/fixtures';
import { postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { toCityIso } from '@gridwall/shared';
import { browserAvailable, launchBrowser, newTestContext, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();

describe.runIf(browserAvailable())('case locations on the tablet', () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let browser: Browser;
  const t0 = testNow();

  beforeAll(async () => {
    app = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(t0), serveFrontend: true });
    const at = toCityIso(t0 - 3_600_000);
    // citizenReport's point (113.62, 34.75) lies in 中原区.
    for (const e of [citizenReport('LOC-FAR', '410185001001001', at), citizenReport('LOC-OK', '410102001002001', at)])
      expect((await postEvents(app.url, e)).status).toBe(202);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  const openCase = async (caseId: string): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width: 1180, height: 820 }, hasTouch: true }, t0);
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.fill('[data-testid="login-name"]', 't-leader');
    await page.fill('[data-testid="login-password"]', 'test-password');
    await page.tap('[data-testid="login-submit"]');
    await page.waitForURL('**/meeting');
    await page.goto(`${app.url}/meeting?case=${caseId}`);
    await page.waitForSelector(`[data-testid="case-sheet"][data-case="${caseId}"] [data-testid="case-map"]`);
    return page;
  };

  it('flags a point outside the case district and leaves one inside it alone', async () => {
    const far = await openCase('LOC-FAR');
    expect(await far.getAttribute('[data-testid="case-map"]', 'data-unverified')).toBe('true');
    expect(await far.textContent('[data-testid="location-unverified"]')).toContain('位置待核实');
    await far.waitForTimeout(800);
    await far.screenshot({ path: `${SCREENSHOTS}meeting-location-unverified-1180x820.png` });
    await far.context().close();
    const ok = await openCase('LOC-OK');
    expect(await ok.getAttribute('[data-testid="case-map"]', 'data-unverified')).toBeNull();
    expect(await ok.locator('[data-testid="location-unverified"]').count()).toBe(0);
    await ok.context().close();
  }, 120_000);
});
