/**
 * Hotspots (预警, issue 15), replay (回放, issue 16) and the refused wall (issue 13 item 9) in a
 * real Chromium against the real app: a surge posted through the ingest API shows on the
 * overview's 预警 panel, on the 预警热点 scene and on the map with its unit, category and counts;
 * a replay of a recorded moment shows the figures the live wall showed then, under the 回放
 * banner; a moment in the future, an `at` that is no moment and a wall without a valid token
 * show their error and no figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CATEGORY_ZH, HOUR_MS, hotspotHeadline, toCityIso, type CaseEvent, type HotspotList } from '@gridwall/shared';
import { HotspotsService } from '../backend/src/hotspots/hotspots.service';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestPage, screenshotDir } from './browser';
import { clippedTexts } from './layout';
import { startWallApp, type WallApp } from './wall-app';

const SCREENSHOTS = screenshotDir();
/** The surge's grid cell, its village and its district. */
const CELL = '410105001003001';
const VILLAGE = '410105001003';
const DISTRICT = '410105';
const SURGE = 14;

const SIZES = [
  [1920, 1080],
  [3840, 2160],
  [7680, 2160],
] as const;

/** The four headline counters as shown (raw values). */
async function counters(page: Page): Promise<Record<string, string | null>> {
  const read = (k: string) => page.getAttribute(`[data-testid="counter-${k}"]`, 'data-value');
  return {
    reported: await read('reported'),
    resolved: await read('resolved'),
    openNow: await read('openNow'),
    overdueNow: await read('overdueNow'),
  };
}

async function overviewReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="scene-overview"]');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="counter-reported"]')?.getAttribute('data-value') !== '',
  );
  await page.waitForTimeout(1500);
}

describe.skipIf(!browserAvailable())('wall hotspots, replay and refusal in Chromium', () => {
  const db = sqliteDatabase();
  let sut: WallApp;
  let browser: Browser;
  let hotspots: HotspotList;

  beforeAll(async () => {
    // No simulator: still figures, so the replay can compare a recorded moment with its replay.
    sut = await startWallApp({ databaseUrl: db.url });
    const events: CaseEvent[] = [];
    const now = testNow();
    // Quiet history: the same hours of four earlier weeks and the last day, never 非法经营. The
    // detector tests a window only once earlier weeks hold enough city-wide reports (its
    // warm-up), and scales the usual count by the city's volume now.
    const quiet = ['urban_management', 'public_service', 'work_safety'] as const;
    const titles = ['垃圾清运不及时', '路灯不亮', '消防通道堵塞'];
    for (let week = 0; week <= 4; week++) {
      for (let i = 0; i < 120; i++) {
        const caseId = `W-HS-Q${week}-${i}`;
        events.push({
          eventId: `${caseId}-r`,
          caseId,
          type: 'reported',
          at: toCityIso(now - week * 168 * HOUR_MS - (week === 0 ? 24 : 25) * HOUR_MS + i * 11 * 60_000),
          gridCode: CELL,
          category: quiet[i % 3],
          source: 'patrol',
          title: titles[i % 3],
        });
      }
    }
    expect((await postEvents(sut.url, { events: events.splice(0) })).status).toBe(202);
    // As after a restart on that history: the detector's baseline and its correction factor
    // are built from the stored cases (otherwise they are renewed hourly).
    await sut.app.get(HotspotsService).rebuild();
    for (let i = 0; i < SURGE; i++) {
      const caseId = `W-HS-${i}`;
      events.push({
        eventId: `${caseId}-r`,
        caseId,
        type: 'reported',
        at: toCityIso(now - 2 * HOUR_MS + i * 7 * 60_000),
        gridCode: CELL,
        category: 'illegal_business',
        source: 'citizen',
        title: '无证占道经营',
      });
    }
    expect((await postEvents(sut.url, { events })).status).toBe(202);
    // Detection runs on commit and on its own tick: wait for the surge to be raised.
    const deadline = Date.now() + 30_000;
    for (;;) {
      hotspots = (await getJson<HotspotList>(sut.url, '/api/hotspots?scope=410100', sut.token)).body;
      if (hotspots.items.some((h) => h.unit.code === VILLAGE)) break;
      if (Date.now() > deadline) throw new Error(`no hotspot at ${VILLAGE}: ${JSON.stringify(hotspots.items)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await db.drop();
  });

  const surge = () => hotspots.items.find((h) => h.unit.code === VILLAGE)!;

  it('shows the surge on the overview panel, on the 预警热点 scene and on the map', async () => {
    const h = surge();
    expect(h.category).toBe('illegal_business');
    expect(h.windowCount).toBe(SURGE);
    const headline = hotspotHeadline(h.windowHours, h.windowCount, h.expected);

    for (const [width, height] of SIZES) {
      const page = await newTestPage(browser, { viewport: { width, height } });
      const errors = collectErrors(page);
      await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&token=${sut.token}`);
      await overviewReady(page);
      const item = page.locator(`[data-testid="hotspot-item"][data-code="${VILLAGE}"]`);
      await item.waitFor({ timeout: 15_000 });
      expect(await item.locator('[data-testid="hotspot-unit"]').innerText()).toBe(h.unit.name);
      expect(await item.locator('[data-testid="hotspot-category"]').innerText()).toBe(CATEGORY_ZH.illegal_business);
      expect(await item.locator('[data-testid="hotspot-headline"]').innerText()).toBe(headline);
      expect(await page.locator('[data-testid="hotspot-panel"]').innerText()).not.toContain('暂无预警');
      await page.screenshot({ path: `${SCREENSHOTS}wall-overview-hotspots-${width}x${height}.png` });
      expect(await clippedTexts(page, '[data-testid="hotspot-panel"]'), `overview ${width}x${height}`).toEqual([]);

      await page.goto(`${sut.url}/wall?scenes=hotspots&rotate=0&period=week&token=${sut.token}`);
      const card = page.locator(`[data-testid="hotspot-card"][data-code="${VILLAGE}"]`);
      await card.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1500);
      expect(await page.textContent('[data-testid="scene-name"]')).toContain('预警热点');
      expect(await card.locator('[data-testid="hotspot-path"]').innerText()).toBe(
        h.areaPath.map((p) => p.name).join(' · '),
      );
      expect(await card.locator('[data-testid="hotspot-category"]').innerText()).toBe('非法经营');
      expect(await card.locator('[data-testid="hotspot-headline"]').innerText()).toContain(headline);
      expect(await card.locator('[data-testid="hotspot-open"]').getAttribute('data-value')).toBe(String(h.openCases));
      expect(h.openCases).toBe(SURGE);
      expect(await card.locator('[data-testid="hotspot-trend"] canvas').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOTS}wall-hotspots-${width}x${height}.png` });
      expect(await clippedTexts(page, '[data-testid="wall"]'), `hotspots ${width}x${height}`).toEqual([]);

      await page.goto(`${sut.url}/wall?scenes=map&rotate=0&period=week&token=${sut.token}`);
      await page
        .waitForFunction(
          (d) => document.querySelector('[data-testid="district-map"]')?.getAttribute('data-marks')?.includes(d),
          DISTRICT,
          // A 7680-wide map with its pulsing marks is slow to draw in a GPU-less browser.
          { timeout: 30_000 },
        )
        .catch((e: Error) => {
          throw new Error(`${e.message}; page errors: ${JSON.stringify(errors)}`);
        });
      await page.waitForTimeout(1500);
      expect(await page.textContent('[data-testid="map-hotspots"]')).toContain('预警 ');
      await page.screenshot({ path: `${SCREENSHOTS}wall-map-hotspots-${width}x${height}.png` });
      expect(errors, `${width}x${height}`).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('replays a recorded moment with the figures the live wall showed then, under the 回放 banner', async () => {
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const errors = collectErrors(page);
    await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&token=${sut.token}`);
    await overviewReady(page);
    expect(await page.locator('[data-testid="replay-banner"]').count()).toBe(0);
    const liveFigures = await counters(page);
    const moment = Math.floor(testNow() / 1000) * 1000;
    // Nothing is posted any more: the figures of the moment are the ones just read.
    expect(await counters(page)).toEqual(liveFigures);
    await page.close();

    const replay = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const replayErrors = collectErrors(replay);
    const at = encodeURIComponent(toCityIso(moment));
    await replay.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&at=${at}&token=${sut.token}`);
    await overviewReady(replay);
    expect(await counters(replay)).toEqual(liveFigures);
    const banner = await replay.locator('[data-testid="replay-banner"]').innerText();
    expect(banner).toContain('回放');
    const city = new Date(moment + 8 * HOUR_MS);
    expect(banner).toContain(`${city.getUTCFullYear()}年${city.getUTCMonth() + 1}月${city.getUTCDate()}日`);
    expect(await replay.textContent('[data-testid="mode-tag"]')).toBe('回放');
    // Hotspots are live only: the replay says so instead of "none".
    expect(await replay.locator('[data-testid="hotspots-state"]').innerText()).toContain('回放');
    // No patch comes to a replay, and that is no reason for a stale banner.
    await replay.waitForTimeout(6000);
    expect(await replay.locator('[data-testid="stale-banner"]').count()).toBe(0);
    await replay.screenshot({ path: `${SCREENSHOTS}wall-replay-overview-1920x1080.png` });
    expect(errors).toEqual([]);
    expect(replayErrors).toEqual([]);
    await replay.close();
  }, 60_000);

  it("shows the server's refusal of a moment in the future, and no figures", async () => {
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const at = encodeURIComponent(toCityIso(testNow() + 2 * HOUR_MS));
    await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&at=${at}&token=${sut.token}`);
    const error = page.locator('[data-testid="wall-error"]');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toContain('无法回放');
    expect(await error.innerText()).toContain('future');
    expect(await page.locator('[data-testid="counter-reported"]').count()).toBe(0);
    expect(await page.locator('[data-testid="replay-banner"]').innerText()).toContain('回放');
    await page.screenshot({ path: `${SCREENSHOTS}wall-replay-future-1920x1080.png` });
    await page.close();
  }, 45_000);

  it('refuses an at that is no moment without connecting', async () => {
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&at=yesterday&token=${sut.token}`);
    const error = page.locator('[data-testid="wall-error"]');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.innerText()).toContain('at=yesterday');
    expect(await page.locator('[data-testid="counter-reported"]').count()).toBe(0);
    await page.close();
  }, 30_000);

  it('shows a wall without a valid token its error, and no figures, no "none" and no area code', async () => {
    for (const [width, height] of SIZES.slice(0, 2)) {
      const page = await newTestPage(browser, { viewport: { width, height } });
      await page.goto(`${sut.url}/wall?scenes=overview,overdue&rotate=0&token=not-a-token`);
      const error = page.locator('[data-testid="wall-error"]');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.innerText()).toContain('大屏未获授权');
      const text = await page.locator('[data-testid="wall"]').innerText();
      expect(text).not.toContain('410100');
      expect(text).not.toContain('暂无超期');
      expect(await page.locator('[data-testid="counter-reported"]').count()).toBe(0);
      await page.screenshot({ path: `${SCREENSHOTS}wall-refused-${width}x${height}.png` });
      await page.close();
    }
  }, 60_000);
});
