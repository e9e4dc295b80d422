/**
 * The first live page in a real Chromium against the real app serving the built frontend:
 * it shows the same numbers as GET /api/stats and follows a posted event without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CaseEvent, StatsView } from '@gridwall/shared';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { runningTestClock, testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, launchBrowser, newTestPage, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();

function reportedNow(caseId: string, gridCode: string): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: new Date(testNow()).toISOString(),
    gridCode,
    category: 'urban_management',
    source: 'patrol',
    title: '井盖缺失',
  };
}

describe.skipIf(!browserAvailable())('first live page in Chromium', () => {
  const db = sqliteDatabase();
  let sut: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url, clock: runningTestClock(), serveFrontend: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await db.drop();
  });

  it('shows the API figures and follows a posted event without reload', async () => {
    for (let i = 0; i < 3; i++) await postEvents(sut.url, reportedNow(`P-${i}`, '410105001003001'));
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sut.url}/?scope=410100&period=day&token=${sut.tokens.wall}`);

    const value = (id: string) => page.getAttribute(`[data-testid="stat-${id}"]`, 'data-value');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="stat-reported"]')?.getAttribute('data-value') === '3',
    );
    const api = (await getJson<StatsView>(sut.url, '/api/stats?scope=410100&period=day')).body;
    expect(await value('reported')).toBe(String(api.reported));
    expect(await value('resolved')).toBe(String(api.resolved));
    expect(await value('openNow')).toBe(String(api.openNow));
    expect(await value('overdueNow')).toBe(String(api.overdueNow));
    await expect.poll(() => page.getAttribute('[data-testid="conn-status"]', 'data-state')).toBe('connected');

    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    await postEvents(sut.url, reportedNow('P-new', '410102001002001'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="stat-reported"]')?.getAttribute('data-value') === '4',
    );
    expect(navigations).toBe(0);
    await expect.poll(() => page.locator('[data-testid="feed"]').innerText()).toContain('井盖缺失');

    await page.screenshot({ path: `${SCREENSHOTS}live-page-1920x1080.png` });
    expect(errors).toEqual([]);
  });
});
