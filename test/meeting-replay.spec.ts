/**
 * Replay on the meeting tablet (issue 16) in a real Chromium against the real app: a leader
 * enters replay, scrubs to a moment three days' history allows, and the tablet's figures, its
 * unit case list and a drilled-down district equal what the REST API answers with the same
 * `at=`; the moment is in the address (a reload shows it again, back returns to the city at it);
 * a moment before the log says so; play at ×600 moves the moment on; leaving shows the live
 * figures again. Screenshots meeting-replay-*.png at tablet sizes in both orientations.
 *
 * The server's clock stands at moments of the past while the history is posted (so the log has
 * a past), then runs with the browsers' from the test moment (GRIDWALL_TEST_NOW).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toCityIso, type CaseEvent, type OverdueView, type StatsView } from '@gridwall/shared';
import { Clock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();
const HOUR = 3_600_000;
const CELL = '410102001002001';

/** Stands at a set moment while history is posted, then runs with the test clock. */
class SteeredClock extends Clock {
  fixed: number | null = null;
  now(): number {
    return this.fixed ?? testNow();
  }
}

/** A case reported and accepted at `t` (epoch ms), with a deadline its time limit gives. */
function openCase(caseId: string, t: number, title: string): CaseEvent[] {
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: toCityIso(t - 10 * 60_000),
      gridCode: CELL,
      category: 'urban_management',
      source: 'patrol',
      title,
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: toCityIso(t - 5 * 60_000) },
  ];
}

function resolved(caseId: string, t: number): CaseEvent {
  return { eventId: `${caseId}-s`, caseId, type: 'resolved', at: toCityIso(t - 2 * 60_000) };
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid="login-name"]', 't-leader');
  await page.fill('[data-testid="login-password"]', 'test-password');
  await page.tap('[data-testid="login-submit"]');
  await page.waitForURL('**/meeting');
}

const figure = (page: Page, key: string): Promise<string | null> =>
  page.getAttribute(`[data-testid="figure-${key}"]`, 'data-value');

/** The moment the tablet shows (its `at=`); waits until a frame is on show. */
async function shownAt(page: Page): Promise<string> {
  await page.waitForSelector('[data-testid="replay"]:not([data-at=""])');
  return (await page.getAttribute('[data-testid="replay"]', 'data-at'))!;
}

describe.runIf(browserAvailable())('meeting tablet replay', () => {
  const db = sqliteDatabase();
  const clock = new SteeredClock();
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let t0 = 0;

  const tablet = async (width: number, height: number): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width, height }, hasTouch: true });
    contexts.push(context);
    return context.newPage();
  };

  /** The REST answer with the same `at=` the tablet shows (none: live). */
  const restStats = async (scope: string, at: string | null): Promise<StatsView> => {
    const q = at ? `&at=${encodeURIComponent(at)}` : '';
    const res = await getJson<StatsView>(app.url, `/api/stats?scope=${scope}&period=week${q}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t0 = testNow();
    clock.fixed = t0 - 72 * HOUR;
    app = await startTestApp({ databaseUrl: db.url, clock, serveFrontend: true });
    // Three days ago: five cases open.
    const first = ['R1', 'R2', 'R3', 'R4', 'R5'].flatMap((id, i) => openCase(id, clock.fixed!, `占道经营 ${i + 1}`));
    expect((await postEvents(app.url, { events: first })).status).toBe(202);
    // Two days ago: two resolved, three more open.
    clock.fixed = t0 - 48 * HOUR;
    const second = [
      resolved('R1', clock.fixed),
      resolved('R2', clock.fixed),
      ...['S1', 'S2', 'S3'].flatMap((id, i) => openCase(id, clock.fixed!, `乱堆乱放 ${i + 1}`)),
    ];
    expect((await postEvents(app.url, { events: second })).status).toBe(202);
    // Now: the clock runs; one more resolved, two more open.
    clock.fixed = null;
    const third = [resolved('R3', t0), ...['U1', 'U2'].flatMap((id, i) => openCase(id, t0, `违规广告 ${i + 1}`))];
    expect((await postEvents(app.url, { events: third })).status).toBe(202);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  it('shows the figures at a scrubbed moment, keeps it in the address, plays on and returns to live', async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url);
    await page.waitForSelector('[data-testid="meeting"][data-mode="live"][data-level="city"]');
    const live = await restStats('410100', null);
    await expect.poll(() => figure(page, 'openNow')).toBe(String(live.openNow));

    // Enter replay and scrub to 60 hours ago: after the first cases, before any was resolved.
    await page.tap('[data-testid="replay-enter"]');
    await page.waitForSelector('[data-testid="meeting"][data-mode="replay"]');
    const scrubber = page.locator('[data-testid="replay-scrubber"]');
    await scrubber.fill(String(t0 - 60 * HOUR));
    await expect.poll(async () => Math.abs(Date.parse(await shownAt(page)) - (t0 - 60 * HOUR))).toBeLessThan(60_000);
    const at = await shownAt(page);
    const then = await restStats('410100', at);
    expect(then.openNow).toBe(5);
    expect(then.openNow).not.toBe(live.openNow);
    await expect.poll(() => figure(page, 'openNow')).toBe(String(then.openNow));
    for (const key of ['reported', 'accepted', 'resolved', 'overdueNow', 'nearDueNow'] as const) {
      expect(await figure(page, key), key).toBe(String(then[key]));
    }
    const overdueThen = (await getJson<OverdueView>(app.url, `/api/overdue?scope=410100&at=${encodeURIComponent(at)}`))
      .body;
    expect(await page.textContent('[data-testid="unit-cases-red"]')).toBe(String(overdueThen.totalRed));
    expect(await page.textContent('[data-testid="replay-moment"]')).toMatch(/\d+月\d+日 \d{2}:\d{2}:\d{2}（周.）/);
    expect(await page.textContent('[data-testid="replay"]')).toContain('回放');
    // Live-only parts say so instead of mixing live figures in.
    expect(await page.locator('[data-testid="agenda"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="hotspots"]')).toContain('预警只有实时数据');
    expect(new URL(page.url()).searchParams.get('at')).toBe(at);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-replay-city-1180x820.png` });

    // Drill down while replaying: the district as it stood at the same moment.
    await page.tap('[data-testid="unit-ranking-row"][data-code="410102"]');
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-mode="replay"]');
    const district = await restStats('410102', at);
    await expect.poll(() => figure(page, 'openNow')).toBe(String(district.openNow));
    expect(await shownAt(page)).toBe(at);

    // A reload and back keep the place: the district, then the city, at the same moment.
    await page.reload();
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-mode="replay"]');
    expect(await shownAt(page)).toBe(at);
    await expect.poll(() => figure(page, 'openNow')).toBe(String(district.openNow));
    await page.goBack();
    await page.waitForSelector('[data-testid="meeting"][data-scope="410100"][data-mode="replay"]');
    expect(await shownAt(page)).toBe(at);

    // Play at ×600: the moment moves on (ten minutes a second), and the figures follow it.
    await page.tap('[data-testid="replay-speed-600"]');
    await page.tap('[data-testid="replay-play"]');
    await expect
      .poll(async () => Date.parse(await shownAt(page)) - Date.parse(at), { timeout: 15_000 })
      .toBeGreaterThan(15 * 60_000);
    await page.tap('[data-testid="replay-play"]');
    await page.waitForSelector('[data-testid="replay"][data-loading="false"]');
    const played = await shownAt(page);
    expect(Date.parse(played)).toBeGreaterThan(Date.parse(at));
    await expect.poll(() => figure(page, 'openNow')).toBe(String((await restStats('410100', played)).openNow));

    // Leaving replay: live again, and the address forgets the moment.
    await page.tap('[data-testid="replay-leave"]');
    await page.waitForSelector('[data-testid="meeting"][data-mode="live"]');
    await page.waitForSelector('[data-testid="replay-enter"]');
    await expect.poll(() => figure(page, 'openNow')).toBe(String((await restStats('410100', null)).openNow));
    expect(new URL(page.url()).searchParams.get('at')).toBeNull();
    await page.waitForSelector('[data-testid="agenda"]');
    expect(errors).toEqual([]);
  });

  it('says when a moment lies before the log', async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url);
    await page.tap('[data-testid="replay-enter"]');
    await shownAt(page);
    // Seven days back: before the first event was stored (three days ago).
    await page.locator('[data-testid="replay-scrubber"]').fill(String(t0 - 7 * 24 * HOUR));
    await expect.poll(() => page.textContent('[data-testid="replay-error"]')).toContain('早于最早的记录');
    // Console errors are the failed request's (400) only.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
  });

  it('keeps a shared replay link through the sign-in', async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    const at = toCityIso(Math.floor((t0 - 30 * HOUR) / 60_000) * 60_000).replace('.000', '');
    await page.goto(`${app.url}/meeting?path=410102&at=${encodeURIComponent(at)}`);
    await page.waitForURL('**/login?next=*');
    await page.fill('[data-testid="login-name"]', 't-leader');
    await page.fill('[data-testid="login-password"]', 'test-password');
    await page.tap('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-mode="replay"]');
    expect(await shownAt(page)).toBe(at);
    await expect.poll(() => figure(page, 'openNow')).toBe(String((await restStats('410102', at)).openNow));
    expect(errors).toEqual([]);
  });

  it('lays replay out on tablets in both orientations without clipping', async () => {
    for (const [width, height] of [
      [820, 1180],
      [2048, 1536],
      [1536, 2048],
    ]) {
      const page = await tablet(width, height);
      await signIn(page, app.url);
      const at = toCityIso(Math.floor((t0 - 60 * HOUR) / 60_000) * 60_000).replace('.000', '');
      await page.goto(`${app.url}/meeting?path=410102&at=${encodeURIComponent(at)}`);
      await page.waitForSelector('[data-testid="meeting"][data-scope="410102"][data-mode="replay"]');
      expect(await shownAt(page)).toBe(at);
      await page.waitForSelector('[data-testid="figure-openNow"][data-value="5"]');
      // Nothing of the replay bar is cut: every element fits in the viewport's width.
      const overflow = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('[data-testid="replay"] *')) {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1 || el.scrollWidth > el.clientWidth + 1)
            out.push(el.outerHTML.slice(0, 80));
        }
        return out;
      });
      expect(overflow).toEqual([]);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-replay-district-${width}x${height}.png`, fullPage: true });
    }
  });
});
