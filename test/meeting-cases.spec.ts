/**
 * Every case within reach on the meeting tablet (issues 13 and 15) in a real Chromium against the
 * real app: a surge of 非法经营 reports in one village shows as a hotspot (预警) with its count
 * against the usual, and drills to its cases; every level lists its overdue and near-due cases
 * worst first, paged (第 n/m 页), each with its full place path and responsible unit; the case
 * sheet shows the deadline countdown; the period figures and the standing counts are told apart;
 * the drill-down, the open case and the period are in the address (reload and back keep them).
 * Screenshots meeting-cases-*.png at tablet sizes in both orientations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CATEGORIES,
  DAY_MS,
  HOUR_MS,
  toCityIso,
  type CaseEvent,
  type HotspotList,
  type ReportedEvent,
} from '@gridwall/shared';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { TEST_NODES } from '../backend/src/testing/fixtures';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();
/** The surge's village (two test cells lie in it). */
const VILLAGE = '410102001002';
const CELL = `${VILLAGE}001`;
/** Overdue cases: more than one page of the case list (6 a page). */
const OVERDUE = 8;

function report(caseId: string, at: number, gridCode: string, category: (typeof CATEGORIES)[number]): ReportedEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: toCityIso(at),
    gridCode,
    category,
    source: 'patrol',
    title: '巡查发现问题',
  };
}

/** A week and a day of quiet history (2 reports an hour, never 非法经营), then a surge of 12 in the village. */
function hotspotEvents(t0: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  const quiet = CATEGORIES.filter((c) => c !== 'illegal_business');
  let n = 0;
  for (let h = 168 + 30; h >= 3; h--) {
    for (let i = 0; i < 2; i++) {
      events.push(report(`Q${n}`, t0 - h * HOUR_MS + i * 23 * 60_000, TEST_NODES[n % TEST_NODES.length], quiet[n % 7]));
      n++;
    }
  }
  for (let i = 0; i < 12; i++) {
    events.push({
      ...report(`SURGE-${i}`, t0 - 2 * HOUR_MS + i * 9 * 60_000, i % 2 ? `${VILLAGE}002` : CELL, 'illegal_business'),
      title: `无证经营 ${i + 1}`,
    });
  }
  return events;
}

/** Cases accepted weeks ago, long overdue: the oldest is the worst. */
function overdueEvents(t0: number): CaseEvent[] {
  return Array.from({ length: OVERDUE }, (_, i): CaseEvent[] => {
    const caseId = `OD-${i}`;
    const at = t0 - (20 + i) * DAY_MS;
    return [
      { ...report(caseId, at, CELL, 'urban_management'), title: `占道经营 ${i + 1}` },
      { eventId: `${caseId}-a`, caseId, type: 'accepted', at: toCityIso(at + 60_000) },
    ];
  }).flat();
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid="login-name"]', 't-leader');
  await page.fill('[data-testid="login-password"]', 'test-password');
  await page.tap('[data-testid="login-submit"]');
  await page.waitForURL('**/meeting');
}

const query = (page: Page, name: string): string | null => new URL(page.url()).searchParams.get(name);

describe.runIf(browserAvailable())('meeting tablet: hotspots and every case within reach', () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let t0 = 0;

  const tablet = async (width: number, height: number): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width, height }, hasTouch: true }, t0);
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    t0 = testNow();
    app = await startTestApp({
      databaseUrl: db.url,
      clock: new ManualClock(t0),
      serveFrontend: true,
      // One week of baseline is enough for the test's surge (the default is eight).
      env: { HOTSPOT_BASELINE_WEEKS: '1' },
    });
    const events = [...hotspotEvents(t0), ...overdueEvents(t0)];
    for (let i = 0; i < events.length; i += 2000) {
      const res = await postEvents(app.url, { events: events.slice(i, i + 2000) });
      expect(res.status, res.body.message).toBe(202);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  it('drills from a hotspot to its cases', async () => {
    const api = await getJson<HotspotList>(app.url, '/api/hotspots?scope=410100');
    const village = api.body.items.find((h) => h.unit.code === VILLAGE && h.category === 'illegal_business');
    expect(village, JSON.stringify(api.body.items.map((h) => [h.unit.code, h.category]))).toBeDefined();

    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url);
    const item = page.locator(`[data-testid="hotspot"][data-id="${village!.id}"]`);
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('非法经营');
    expect(text).toContain(`近24小时 12 件，常态约`);
    expect(text).toContain('中原区 › ');
    expect(text).toContain('未办结 12 件');
    await item.tap();
    await page.waitForSelector('[data-testid="hotspot-cases"]');
    expect(await page.locator('[data-testid="hotspot-case"]').count()).toBe(village!.openCaseIds.length);
    const caseId = village!.openCaseIds[0];
    await page.tap(`[data-testid="hotspot-case"][data-case="${caseId}"]`);
    await page.waitForSelector(`[data-testid="case-sheet"][data-case="${caseId}"] [data-testid="case-timeline"]`);
    expect(await page.textContent('[data-testid="case-sheet"]')).toContain('无证经营');
    expect(query(page, 'case')).toBe(caseId);
    await page.tap('[data-testid="case-close"]');
    await page.waitForSelector('[data-testid="case-sheet"]', { state: 'detached' });
    expect(query(page, 'case')).toBeNull();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-hotspot-1180x820.png` });
    expect(errors).toEqual([]);
  });

  it('lists the overdue cases of every level worst first, paged, and keeps the place in the address', async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url);
    // People's names where names belong: the session's display name, not the sign-in name's stand-in.
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gridwall.session') ?? '{}'));
    expect(typeof stored.displayName).toBe('string');
    expect(await page.textContent('[data-testid="session-user"]')).toBe(stored.displayName);
    const standing = page.locator('[data-testid="standing-figures"]');
    await expect.poll(() => standing.textContent()).toContain('不随周期');
    expect(await page.textContent('[data-testid="period-figures"]')).toContain('本周累计，随所选周期');
    await page.waitForSelector('[data-testid="figure-overdueNow"][data-value="8"]');
    // The standing counts are not among the period's figures.
    expect(await page.locator('[data-testid="period-figures"] [data-testid="figure-overdueNow"]').count()).toBe(0);

    // The case list (超期): worst (longest overdue) first, six a page, with the whole place path.
    await page.waitForSelector('[data-testid="unit-case"]');
    expect(await page.textContent('[data-testid="cases-count-red"]')).toBe(String(OVERDUE));
    await page.tap('[data-testid="cases-filter-red"]');
    await page.waitForSelector(`[data-testid="unit-cases"][data-filter="red"][data-count="${OVERDUE}"]`);
    await expect.poll(() => page.textContent('[data-testid="unit-cases-page"]')).toBe('第 1/2 页');
    const first = page.locator('[data-testid="unit-case"]').first();
    expect(await first.getAttribute('data-case')).toBe(`OD-${OVERDUE - 1}`);
    expect(await first.locator('[data-testid="unit-case-place"]').textContent()).toMatch(/中原区 › .+街道 › .+ › .+/);
    expect(await first.textContent()).toContain('责任单位：');
    expect(await first.locator('[data-testid="unit-case-countdown"]').textContent()).toMatch(/^超期 \d+天/);
    await page.tap('[data-testid="unit-cases-next"]');
    await expect.poll(() => page.textContent('[data-testid="unit-cases-page"]')).toBe('第 2/2 页');
    await expect.poll(() => page.locator('[data-testid="unit-case"]').count()).toBe(OVERDUE - 6);
    await page.tap('[data-testid="unit-cases-prev"]');
    await expect.poll(() => first.getAttribute('data-case')).toBe(`OD-${OVERDUE - 1}`);

    // The presented case: its countdown, responsible unit and full place.
    await first.tap();
    await page.waitForSelector('[data-testid="case-sheet"] [data-testid="case-countdown"]');
    expect(await page.textContent('[data-testid="case-countdown"]')).toMatch(/距办理期限：超期 \d+天.* · 责任单位：/);
    expect(await page.textContent('[data-testid="case-sheet"]')).toMatch(/位置中原区 › .+ › .+ › /);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-case-1180x820.png` });
    // Reload: the case is still open; back closes it.
    await page.reload();
    await page.waitForSelector(
      `[data-testid="case-sheet"][data-case="OD-${OVERDUE - 1}"] [data-testid="case-countdown"]`,
    );
    await page.goBack();
    await page.waitForSelector('[data-testid="case-sheet"]', { state: 'detached' });

    // Drill down: the district's own case list; the address names the path and the period.
    await page.tap('[data-testid="unit-ranking-row"][data-code="410102"]');
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"]');
    expect(query(page, 'path')).toBe('410102');
    await page.waitForSelector('[data-testid="unit-case"]');
    await page.tap('[data-testid="period-day"]');
    await page.waitForSelector('[data-testid="meeting"][data-period="day"]');
    expect(query(page, 'period')).toBe('day');
    expect(await page.textContent('[data-testid="period-figures"]')).toContain('今日累计');
    await page.reload();
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-period="day"]');
    expect(await page.locator('[data-testid="breadcrumb"] button').count()).toBe(2);
    await page.goBack();
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-period="week"]');
    await page.goBack();
    await page.waitForSelector('[data-testid="meeting"][data-scope="410100"]');
    expect(errors).toEqual([]);
  });

  it("shows the district's hotspots on the district head's view, and drills to their cases", async () => {
    for (const [width, height] of [
      [1180, 820],
      [820, 1180],
    ]) {
      const page = await tablet(width, height);
      const errors = collectErrors(page);
      await page.goto(`${app.url}/login`);
      await page.fill('[data-testid="login-name"]', 't-district');
      await page.fill('[data-testid="login-password"]', 'test-password');
      await page.tap('[data-testid="login-submit"]');
      await page.waitForSelector('[data-testid="district"][data-unit="410102"]');
      const village = page.locator('[data-testid="hotspot"]', { hasText: '碧沙岗社区' }).first();
      await village.waitFor();
      expect(await village.textContent()).toContain('近24小时 12 件');
      await village.tap();
      await page.tap('[data-testid="hotspot-case"] >> nth=0');
      await page.waitForSelector('[data-testid="case-sheet"] [data-testid="case-timeline"]');
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-district-case-${width}x${height}.png` });
      await page.tap('[data-testid="case-close"]');
      await village.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-district-${width}x${height}.png` });
      expect(errors).toEqual([]);
    }
  });

  it('opens a shared link deep in the tree and lays out on tablets in both orientations', async () => {
    for (const [width, height] of [
      [1180, 820],
      [820, 1180],
      [2048, 1536],
      [1536, 2048],
    ]) {
      const page = await tablet(width, height);
      const errors = collectErrors(page);
      await signIn(page, app.url);
      await page.goto(`${app.url}/meeting?path=410102,410102001,${VILLAGE}`);
      await page.waitForSelector(`[data-testid="meeting"][data-scope="${VILLAGE}"][data-level="village"]`);
      expect(await page.locator('[data-testid="breadcrumb"] button').count()).toBe(4);
      await page.waitForSelector('[data-testid="unit-case"]');
      await page.waitForSelector('[data-testid="hotspot"]');
      // Nothing a person reads is cut off sideways.
      const cut = await page.evaluate(() => {
        const out: string[] = [];
        const sel = '[data-testid="unit-cases"] *, [data-testid="hotspots"] *, [data-testid="standing-figures"] *';
        for (const el of document.querySelectorAll<HTMLElement>(sel)) {
          if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') {
            out.push(el.outerHTML.slice(0, 80));
          }
          if (el.getBoundingClientRect().right > window.innerWidth + 1) out.push(el.outerHTML.slice(0, 80));
        }
        return out;
      });
      expect(cut).toEqual([]);
      // A page that goes on below the fold says so (touch screens hide scrollbars), until its end.
      await page.waitForTimeout(500);
      const scrolls = await page.evaluate(() => {
        const box = document.querySelector('.wall__tablet')!;
        return box.scrollHeight - box.clientHeight > 24;
      });
      expect(await page.locator('[data-testid="scroll-hint"]').isVisible()).toBe(scrolls);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-village-${width}x${height}.png` });
      // The tablet page scrolls inside its own box: the lower part, as a person scrolls to it.
      await page.evaluate(() => document.querySelector('.wall__tablet')?.scrollTo(0, 1e6));
      await page.waitForSelector('[data-testid="scroll-hint"]', { state: 'detached' });
      await page.screenshot({ path: `${SCREENSHOTS}meeting-cases-village-${width}x${height}-end.png` });
      expect(errors).toEqual([]);
    }
  });
});
