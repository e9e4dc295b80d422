/**
 * The wall display (issue 4) in a real Chromium against the real app with the simulator
 * posting live cases: every scene renders without console errors at every screen size (and the
 * screenshots the README links are written on the way), the overview shows the API's figures
 * and follows a posted event without a reload, and a stopped backend brings the stale banner
 * that a restarted one clears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CaseEvent, StatsView } from '@gridwall/shared';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestPage, screenshotDir } from './browser';
import { clippedTexts } from './layout';
import { startWallApp, type WallApp } from './wall-app';

const SCREENSHOTS = screenshotDir();

/** One screen of the screenshot matrix. */
interface Shot {
  scene: string;
  /** Value of `scenes=`. */
  slot: string;
  width: number;
  height: number;
}

const SIZES = [
  [1920, 1080],
  [3840, 2160],
] as const;
const SHOTS: Shot[] = [
  ...['overview', 'map', 'ranking:district', 'overdue'].flatMap((slot) =>
    SIZES.map(([width, height]) => ({ scene: slot.replace(':', '-'), slot, width, height })),
  ),
  { scene: 'ranking-village', slot: 'ranking:village', width: 1920, height: 1080 },
  { scene: 'ranking-department', slot: 'ranking:department', width: 1920, height: 1080 },
  { scene: 'overview', slot: 'overview', width: 7680, height: 2160 },
  { scene: 'overview', slot: 'overview', width: 5760, height: 1080 },
];

/** Waits until the scene on show has its live data (and the map its shapes). */
async function sceneReady(page: Page, slot: string): Promise<void> {
  const kind = slot.split(':')[0];
  await page.waitForSelector(`[data-testid="scene-${kind}"]`);
  await page.waitForFunction((k) => {
    const q = (s: string) => document.querySelector(s);
    switch (k) {
      case 'overview':
        return q('[data-testid="counter-reported"]')?.getAttribute('data-value') !== '';
      case 'map':
        return q('[data-testid="district-map"]')?.getAttribute('data-ready') === 'true' && !!q('.map-table td');
      case 'ranking':
        return document.querySelectorAll('[data-testid="ranking-row"]').length > 0;
      default:
        return q('[data-testid="total-red"]')?.textContent?.trim() !== '—';
    }
  }, kind);
  // Let chart animations and flip counters settle before a screenshot.
  await page.waitForTimeout(1500);
}

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

function reportedNow(caseId: string, title: string): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: new Date(testNow()).toISOString(),
    gridCode: '410105001003001',
    category: 'urban_management',
    source: 'patrol',
    title,
  };
}

interface Node {
  code: string;
}

/**
 * Posts open cases past or near their deadline (the simulator's half day of history has few), so
 * the overdue scenes show red and yellow cases grouped by department and by area unit.
 */
async function seedOverdue(app: WallApp): Promise<void> {
  const children = async (code: string) =>
    (await getJson<Node[]>(app.url, `/api/areas?parent=${code}`, app.token)).body.map((n) => n.code);
  const departments = (await getJson<Node[]>(app.url, '/api/departments', app.token)).body.map((d) => d.code);
  const districts = (await children('410100')).slice(0, 8);
  const now = testNow();
  const iso = (t: number) => new Date(t).toISOString();
  const titles = ['占道经营', '违规张贴小广告', '消防通道堵塞', '井盖缺失', '私搭乱建彩钢棚', '垃圾清运不及时'];
  const events: CaseEvent[] = [];
  for (const [d, district] of districts.entries()) {
    const township = (await children(district))[0];
    const village = (await children(township))[0];
    const cell = (await children(village))[0];
    for (let k = 0; k < 4; k++) {
      const caseId = `W-OD-${d}-${k}`;
      const red = k < 3;
      const dispatchedAt = now - (red ? 30 + d * 3 + k : 10) * 3600_000;
      const deadline = red ? now - (2 + d * 2 + k * 5) * 3600_000 - k * 97_000 : now + (20 + d * 7) * 60_000;
      const base = { caseId, at: iso(dispatchedAt - 600_000) };
      events.push(
        {
          ...base,
          eventId: `${caseId}-r`,
          type: 'reported',
          gridCode: cell,
          category: 'urban_management',
          source: 'patrol',
          title: titles[(d + k) % titles.length],
        },
        { ...base, eventId: `${caseId}-a`, type: 'accepted' },
        {
          caseId,
          eventId: `${caseId}-d`,
          type: 'dispatched',
          at: iso(dispatchedAt),
          deadline: iso(deadline),
          ...(k % 2 === 0
            ? { departmentCode: departments[(d * 3 + k) % departments.length] }
            : { handlerLevel: 'township' }),
        },
      );
    }
  }
  expect((await postEvents(app.url, { events })).status).toBe(202);
}

describe.skipIf(!browserAvailable())('wall display in Chromium', () => {
  const db = sqliteDatabase();
  let sut: WallApp;
  let browser: Browser;

  beforeAll(async () => {
    // Half a day of history, so rates, scores and overdue cases look like a real day's.
    sut = await startWallApp({ databaseUrl: db.url, casesPerDay: 40_000, backfillDays: 0.5 });
    await seedOverdue(sut);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await db.drop();
  });

  it('renders every scene at every screen size without console errors, kiosk style', async () => {
    for (const shot of SHOTS) {
      const page = await newTestPage(browser, { viewport: { width: shot.width, height: shot.height } });
      const errors = collectErrors(page);
      await page.goto(`${sut.url}/wall?scenes=${shot.slot}&rotate=0&period=week&scope=410100&token=${sut.token}`);
      await sceneReady(page, shot.slot);

      const kiosk = await page.evaluate(() => ({
        cursor: getComputedStyle(document.querySelector('[data-testid="wall"]') as Element).cursor,
        scrolls:
          document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight,
        lastUpdate: document.querySelector('[data-testid="last-update"]')?.textContent?.trim(),
      }));
      expect(kiosk.cursor).toBe('none');
      expect(kiosk.scrolls).toBe(false);
      expect(kiosk.lastUpdate).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      if (shot.slot === 'map') {
        expect(await page.textContent('[data-testid="map-credit"]')).toContain('© OpenStreetMap contributors');
        // The three zones have no shape: drawn at their seats (issue 13 item 3).
        expect(await page.getAttribute('[data-testid="district-map"]', 'data-seats')).toBe('410171,410172,410173');
      }
      if (shot.slot === 'overview') {
        // The most overdue cases stay on top while the rest pages, and the pages are numbered.
        expect(await page.locator('[data-testid="overdue-pinned"] li').count()).toBe(3);
        expect(await page.locator('[data-testid="overdue-paged"] li').count()).toBeGreaterThan(0);
        expect(await page.textContent('.overview__overdue')).toMatch(/第 1\/\d+ 页/);
      }
      if (shot.slot === 'overdue') {
        expect(await page.locator('[data-testid="overdue-pinned"] li').count()).toBe(3);
        expect(await page.textContent('[data-testid="scene-overdue"]')).not.toContain('屏');
      }

      await page.screenshot({ path: `${SCREENSHOTS}wall-${shot.scene}-${shot.width}x${shot.height}.png` });
      expect(errors, `${shot.scene} ${shot.width}x${shot.height}`).toEqual([]);
      // Ranking pages (grouped, 结案率 columns) must not cut a unit name, a mark or a heading.
      // No screen may cut a text a person must read (issue 13 item 7).
      expect(await clippedTexts(page, '[data-testid="wall"]'), `${shot.scene} ${shot.width}x${shot.height}`).toEqual(
        [],
      );
      await page.close();
    }
  }, 300_000);

  it('rotates through the playlist by itself', async () => {
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const errors = collectErrors(page);
    await page.goto(
      `${sut.url}/wall?scenes=overview,map,ranking:department,overdue&rotate=2&period=week&token=${sut.token}`,
    );

    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await page.getAttribute('main[data-scene]', 'data-scene')) ?? '');
          return seen.size;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(4);
    expect([...seen].sort()).toEqual(['map', 'overdue', 'overview', 'ranking:department']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the figures of GET /api/stats and follows a posted event without reload', async () => {
    sut.simulator?.stop();
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const errors = collectErrors(page);
    await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&scope=410100&token=${sut.token}`);
    await sceneReady(page, 'overview');

    // The simulator's last batch and the clock may still move figures: compare until both agree.
    const api = async () => {
      const s = (await getJson<StatsView>(sut.url, '/api/stats?scope=410100&period=week', sut.token)).body;
      return {
        reported: String(s.reported),
        resolved: String(s.resolved),
        openNow: String(s.openNow),
        overdueNow: String(s.overdueNow),
      };
    };
    await expect
      .poll(async () => JSON.stringify(await counters(page)) === JSON.stringify(await api()), { timeout: 20_000 })
      .toBe(true);
    const before = Number((await counters(page)).reported);

    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const title = '测试案件 井盖缺失 W-1';
    expect((await postEvents(sut.url, reportedNow('W-wall-1', title))).status).toBe(202);

    await expect.poll(async () => Number((await counters(page)).reported), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => page.locator('[data-testid="feed"]').innerText(), { timeout: 10_000 }).toContain(title);
    expect((await counters(page)).reported).toBe((await api()).reported);
    expect(navigations).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the stale banner while the backend is down and clears it after a restart', async () => {
    const page = await newTestPage(browser, { viewport: { width: 1920, height: 1080 } });
    const errors = collectErrors(page);
    await page.goto(`${sut.url}/wall?scenes=overview&rotate=0&period=week&stale=5&token=${sut.token}`);
    await sceneReady(page, 'overview');
    expect(await page.locator('[data-testid="stale-banner"]').count()).toBe(0);

    const port = sut.port;
    await sut.close();
    await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-testid="stale-banner"]', 'data-reason')).toBe('disconnected');
    await page.screenshot({ path: `${SCREENSHOTS}wall-stale-1920x1080.png` });

    sut = await startWallApp({ databaseUrl: db.url, port, token: sut.token });
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached', timeout: 45_000 });
    expect(await page.getAttribute('[data-testid="conn-status"]', 'data-state')).toBe('connected');
    // Only the socket's own failed reconnect attempts may have been logged while it was down.
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|socket\.io/i.test(e))).toEqual([]);
    await page.close();
  }, 90_000);
});
