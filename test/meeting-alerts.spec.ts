/**
 * Alerts (告警), wall control (大屏控制) and every open case of a level on the meeting tablet and
 * the district head's view, in a real Chromium against the real app: the unit's unacknowledged
 * alerts with their kind, place, responsible unit and countdown, acknowledged one by one or all
 * at once, a refusal (403 outside one's district, 404 an alert gone) told in Chinese and changing
 * nothing; the operator's control of the meeting room's walls (pause, pin, step, 样本不足, reset)
 * as a watching wall socket receives it and as every tablet shows it; the open cases of a level
 * with 全部/超期/临期/正常 chips counted from the server's totals, worst first, paged by the
 * server. Screenshots meeting-alerts-*.png at tablet sizes in both orientations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import {
  ALERT_KIND_ZH,
  DAY_MS,
  HOUR_MS,
  LIVE_NAMESPACE,
  toCityIso,
  type AlertList,
  type CaseEvent,
  type OpenCaseList,
  type Presentation,
} from '@gridwall/shared';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();
const ZHONGYUAN = '410102001002001';
const JINSHUI = '410105001003001';
const CHANNEL = '联席会议室';
/** Open cases within their time limit in 中原区: more than a page (6) of 正常. */
const GREEN = 9;

/** A case reported and accepted `hoursAgo`, then `more`. */
function opened(
  t0: number,
  caseId: string,
  grid: string,
  hoursAgo: number,
  title: string,
  more: object[],
): CaseEvent[] {
  const at = (h: number): string => toCityIso(t0 - h * HOUR_MS);
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: at(hoursAgo + 1),
      gridCode: grid,
      category: 'urban_management',
      source: 'patrol',
      title,
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: at(hoursAgo) },
    ...more.map((m, i) => ({ eventId: `${caseId}-${i}`, caseId, ...m }) as CaseEvent),
  ];
}

function allEvents(t0: number): CaseEvent[] {
  const at = (h: number): string => toCityIso(t0 - h * HOUR_MS);
  const dispatch = (h: number, deadline: number, handlerLevel = 'district'): object => ({
    type: 'dispatched',
    at: at(h),
    handlerLevel,
    deadline: toCityIso(deadline),
  });
  return [
    // Turned red 2, 3 and 4 hours ago in 中原区: alerts.
    ...[2, 3, 4].flatMap((h) =>
      opened(t0, `AL-RED-${h}`, ZHONGYUAN, 30, `占道经营红灯 ${h}`, [dispatch(29, t0 - h * HOUR_MS)]),
    ),
    // Red for two days: the backlog, overdue but no alert.
    ...opened(t0, 'AL-OLD', ZHONGYUAN, 80, '积存超期案件', [dispatch(79, t0 - 2 * DAY_MS)]),
    // On the joint-meeting agenda, in 中原区.
    ...opened(t0, 'AL-JOINT', ZHONGYUAN, 6, '联席会议议题', [
      { type: 'escalated', at: at(5), toLevel: 'district', jointMeeting: true },
    ]),
    // Escalated to the city and red, in 金水区: not the 中原区 head's to acknowledge.
    ...opened(t0, 'AL-JS', JINSHUI, 30, '金水区红灯', [dispatch(29, t0 - HOUR_MS)]),
    ...opened(t0, 'AL-CITY', JINSHUI, 5, '上报市级案件', [{ type: 'escalated', at: at(4), toLevel: 'city' }]),
    // Near-due: a ten-day limit with an hour left.
    ...opened(t0, 'AL-NEAR', ZHONGYUAN, 240, '临期案件', [dispatch(239, t0 + HOUR_MS)]),
    // Within their time limit.
    ...Array.from({ length: GREEN }, (_, i) =>
      opened(t0, `AL-OK-${i}`, ZHONGYUAN, 2 + i, `正常办理 ${i + 1}`, [dispatch(1 + i, t0 + (5 + i) * DAY_MS)]),
    ).flat(),
  ];
}

async function signIn(page: Page, url: string, name: string, landing: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid="login-name"]', name);
  await page.fill('[data-testid="login-password"]', 'test-password');
  await page.tap('[data-testid="login-submit"]');
  await page.waitForURL(`**${landing}`);
}

/** Console errors but the browser's own line about the refusals the test provokes (403, 404). */
const refusalsAside = (errors: string[]): string[] =>
  errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[34]/.test(e));

/** Stops the page's timers (no alert poll) until `resume`. */
async function holdTimers(page: Page): Promise<void> {
  const t = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(t + 50);
}

describe.runIf(browserAvailable())('meeting tablet: alerts, wall control and open cases', () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: Socket[] = [];
  let t0 = 0;

  const tablet = async (width: number, height: number): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width, height }, hasTouch: true }, t0);
    contexts.push(context);
    return context.newPage();
  };
  const alerts = async (scope: string): Promise<AlertList> =>
    (await getJson<AlertList>(app.url, `/api/alerts?scope=${scope}`)).body;

  beforeAll(async () => {
    t0 = testNow();
    app = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(t0), serveFrontend: true });
    const res = await postEvents(app.url, { events: allEvents(t0) });
    expect(res.status, res.body.message).toBe(202);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  it("tells a district head's refusal outside the district in Chinese and acknowledges in it", async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-district', '/district');
    // Another district: its alerts are shown, acknowledging them is refused (403), nothing changes.
    await page.goto(`${app.url}/district?unit=410105`);
    const js = page.locator('[data-testid="alert"][data-id^="red:AL-JS:"]');
    await js.waitFor();
    const before = await alerts('410105');
    await js.locator('[data-testid="alert-ack"]').tap();
    await expect.poll(() => page.textContent('[data-testid="alerts-error"]')).toContain('无权确认');
    expect(await js.count()).toBe(1);
    expect((await alerts('410105')).total).toBe(before.total);

    // The own district: one acknowledged, the list read again.
    await page.goto(`${app.url}/district`);
    const own = page.locator('[data-testid="alert"][data-id="joint:AL-JOINT"]');
    await own.waitFor();
    expect(await own.textContent()).toContain(ALERT_KIND_ZH['case.joint_meeting']);
    const total = (await alerts('410102')).total;
    await own.locator('[data-testid="alert-ack"]').tap();
    await own.waitFor({ state: 'detached' });
    expect(await page.textContent('[data-testid="alerts-done"]')).toBe('已确认 1 条');
    expect((await alerts('410102')).total).toBe(total - 1);
    await page.locator('[data-testid="alerts"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-district-1180x820.png` });
    expect(refusalsAside(errors)).toEqual([]);
  });

  it('lays out at tablet sizes in both orientations with nothing cut off', async () => {
    for (const [width, height] of [
      [1180, 820],
      [820, 1180],
      [2048, 1536],
    ]) {
      const page = await tablet(width, height);
      const errors = collectErrors(page);
      await signIn(page, app.url, 't-leader', '/meeting');
      await page.goto(`${app.url}/meeting?path=410102`);
      await page.waitForSelector('[data-testid="unit-case"]');
      await page.waitForSelector('[data-testid="alerts"][data-total]:not([data-total=""])');
      const cut = await page.evaluate(() => {
        const out: string[] = [];
        const sel = '[data-testid="alerts"] *, [data-testid="wall-control"] *, [data-testid="unit-cases"] *';
        for (const el of document.querySelectorAll<HTMLElement>(sel)) {
          if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') {
            out.push(el.outerHTML.slice(0, 80));
          }
          if (el.getBoundingClientRect().right > window.innerWidth + 1) out.push(el.outerHTML.slice(0, 80));
        }
        return out;
      });
      expect(cut).toEqual([]);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-layout-${width}x${height}.png` });
      await page.locator('[data-testid="wall-control"]').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-layout-${width}x${height}-control.png` });
      expect(errors).toEqual([]);
    }
  });

  it('lists the unacknowledged alerts, opens their case, and acknowledges them; a gone alert is refused', async () => {
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-leader', '/meeting');
    const city = await alerts('410100');
    expect(city.total).toBeGreaterThanOrEqual(4);
    const panel = page.locator('[data-testid="alerts"]');
    await page.waitForSelector(`[data-testid="alerts"][data-total="${city.total}"]`);
    expect(await page.locator('[data-testid="alert"]').count()).toBe(city.items.length);
    // Newest first, as the server lists them; each with its kind, place, unit and countdown.
    const ids = await page
      .locator('[data-testid="alert"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids).toEqual(city.items.map((a) => a.id));
    const red = page.locator('[data-testid="alert"][data-id^="red:AL-RED-2:"]');
    const text = (await red.textContent()) ?? '';
    expect(text).toContain('超期红灯');
    expect(text).toContain('占道经营红灯 2');
    expect(text).toMatch(/中原区 › .+ › /);
    expect(text).toContain('责任单位：');
    expect(await red.locator('[data-testid="alert-countdown"]').textContent()).toMatch(/^超期 02:0\d:\d\d$/);
    expect(await panel.textContent()).toContain(`共 ${city.total} 条未确认`);

    // Tapping an alert opens its case.
    await red.locator('[data-testid="alert-open"]').tap();
    await page.waitForSelector('[data-testid="case-sheet"][data-case="AL-RED-2"] [data-testid="case-timeline"]');
    await page.tap('[data-testid="case-close"]');
    await page.waitForSelector('[data-testid="case-sheet"]', { state: 'detached' });

    // One acknowledged: gone from the list, here and on the server.
    await red.locator('[data-testid="alert-ack"]').tap();
    await red.waitFor({ state: 'detached' });
    expect(await page.textContent('[data-testid="alerts-done"]')).toBe('已确认 1 条');
    expect((await alerts('410100')).total).toBe(city.total - 1);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-1180x820.png` });

    // An alert whose case was resolved meanwhile: 404, told in Chinese, the list unchanged.
    await holdTimers(page);
    const gone = page.locator('[data-testid="alert"][data-id^="red:AL-RED-3:"]');
    expect(await gone.count()).toBe(1);
    const resolved = await postEvents(app.url, {
      events: [{ eventId: 'AL-RED-3-done', caseId: 'AL-RED-3', type: 'resolved', at: toCityIso(t0 - 60_000) }],
    });
    expect(resolved.status).toBe(202);
    await expect.poll(async () => (await alerts('410100')).items.some((a) => a.caseId === 'AL-RED-3')).toBe(false);
    const shown = await page.locator('[data-testid="alert"]').count();
    await gone.locator('[data-testid="alert-ack"]').tap();
    await expect.poll(() => page.textContent('[data-testid="alerts-error"]')).toContain('告警已不存在');
    expect(await page.locator('[data-testid="alert"]').count()).toBe(shown);
    await page.clock.resume();
    // The next poll (10 s) drops it.
    await gone.waitFor({ state: 'detached', timeout: 20_000 });

    // 全部确认: every alert shown.
    const left = await alerts('410100');
    await page.tap('[data-testid="alerts-ack-all"]');
    await page.waitForSelector('[data-testid="alerts-none"]');
    expect(await page.textContent('[data-testid="alerts-done"]')).toBe(`已确认 ${left.items.length} 条`);
    expect((await alerts('410100')).total).toBe(left.total - left.items.length);
    expect(refusalsAside(errors)).toEqual([]);
  });

  it('controls the walls of the meeting room: a watching wall receives it, every tablet shows it', async () => {
    const wall = io(`${app.url}${LIVE_NAMESPACE}`, { auth: { token: app.tokens.wall }, transports: ['websocket'] });
    sockets.push(wall);
    const seen: Presentation[] = [];
    wall.on('presenting', (p: Presentation) => seen.push(p));
    const watched = (await wall.timeout(10_000).emitWithAck('watch', { channel: CHANNEL })) as { ok: boolean };
    expect(watched.ok).toBe(true);
    const last = (): Presentation | undefined => seen.at(-1);

    const page = await tablet(1180, 820);
    const other = await tablet(820, 1180);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-leader', '/meeting');
    await signIn(other, app.url, 't-leader', '/meeting');
    const displayName = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('gridwall.session') ?? '{}').displayName as string,
    );
    const panel = page.locator('[data-testid="wall-control"]');
    await panel.waitFor();
    expect(await page.textContent('[data-testid="control-state"]')).toContain('按配置轮播');

    await page.tap('[data-testid="control-pause"]');
    await expect.poll(() => last()?.control?.paused).toBe(true);
    expect(last()?.control?.by).toBe(displayName);
    await page.waitForSelector('[data-testid="wall-control"][data-paused="true"]');
    expect(await page.textContent('[data-testid="control-pause"]')).toContain('继续轮播');
    expect(await page.textContent('[data-testid="control-by"]')).toContain(`由 ${displayName} 于 `);

    await page.tap('[data-testid="control-pin"][data-slot="ranking:township"]');
    await expect.poll(() => last()?.control?.pinned).toBe('ranking:township');
    await page.waitForSelector('[data-testid="wall-control"][data-pinned="ranking:township"]');
    expect(await page.textContent('[data-testid="control-state"]')).toMatch(/固定显示：排名·乡镇/);

    await page.tap('[data-testid="control-step-forward"]');
    await expect.poll(() => last()?.control?.stepSeq).toBe(1);
    expect(last()?.control?.stepBy).toBe(1);
    await page.tap('[data-testid="control-step-back"]');
    await expect.poll(() => last()?.control?.stepSeq).toBe(2);
    expect(last()?.control?.stepBy).toBe(-1);

    await page.tap('[data-testid="control-insufficient"]');
    await expect.poll(() => last()?.control?.hideInsufficient).toBe(true);
    await page.waitForSelector('[data-testid="wall-control"][data-hide-insufficient="true"]');
    expect(await page.textContent('[data-testid="control-state"]')).toContain('样本不足的单位：已隐藏');
    // The other tablet watching the same room shows the same control.
    await other.waitForSelector(
      '[data-testid="wall-control"][data-paused="true"][data-pinned="ranking:township"][data-hide-insufficient="true"]',
    );
    await panel.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-control-1180x820.png` });
    await other.locator('[data-testid="wall-control"]').scrollIntoViewIfNeeded();
    await other.waitForTimeout(300);
    await other.screenshot({ path: `${SCREENSHOTS}meeting-alerts-control-820x1180.png` });

    // Tapping the pinned scene again unpins it; reset returns to the playlist.
    await page.tap('[data-testid="control-pin"][data-slot="ranking:township"]');
    await expect.poll(() => last()?.control?.pinned).toBeNull();
    await page.tap('[data-testid="control-reset"]');
    await expect
      .poll(() => {
        const c = last()?.control;
        return !c || (!c.paused && c.pinned === null && !c.hideInsufficient);
      })
      .toBe(true);
    await page.waitForSelector('[data-testid="wall-control"][data-paused="false"][data-hide-insufficient="false"]');
    await other.waitForSelector('[data-testid="wall-control"][data-paused="false"][data-pinned=""]');
    expect(await page.textContent('[data-testid="control-state"]')).toContain('按配置轮播 · 样本不足的单位：显示');
    expect(errors).toEqual([]);
  });

  it('lists every open case of a level with 全部/超期/临期/正常 counted by the server, worst first, paged', async () => {
    const api = (await getJson<OpenCaseList>(app.url, '/api/cases?scope=410102&state=all&limit=6&offset=0')).body;
    expect(api.totals.green).toBeGreaterThanOrEqual(GREEN);
    expect(api.totals.yellow).toBeGreaterThanOrEqual(1);
    const page = await tablet(1180, 820);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-leader', '/meeting');
    await page.goto(`${app.url}/meeting?path=410102`);
    await page.waitForSelector('[data-testid="meeting"][data-scope="410102"]');
    const panel = page.locator('[data-testid="unit-cases"]');
    await page.waitForSelector(`[data-testid="unit-cases"][data-filter="all"][data-count="${api.total}"]`);
    const all = api.totals.red + api.totals.yellow + api.totals.green;
    expect(await page.textContent('[data-testid="cases-count-all"]')).toBe(String(all));
    expect(await page.textContent('[data-testid="cases-count-red"]')).toBe(String(api.totals.red));
    expect(await page.textContent('[data-testid="cases-count-yellow"]')).toBe(String(api.totals.yellow));
    expect(await page.textContent('[data-testid="cases-count-green"]')).toBe(String(api.totals.green));
    // Worst first: the server's order, red before yellow before green.
    const order = await panel
      .locator('[data-testid="unit-case"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));
    expect(order).toEqual(api.items.map((i) => i.caseId));
    expect(await page.textContent('[data-testid="unit-cases-page"]')).toBe(`第 1/${Math.ceil(api.total / 6)} 页`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}meeting-alerts-cases-1180x820.png` });

    // 正常: within their time limit only, paged by the server.
    await page.tap('[data-testid="cases-filter-green"]');
    await page.waitForSelector(`[data-testid="unit-cases"][data-filter="green"][data-count="${api.totals.green}"]`);
    await expect.poll(() => panel.locator('[data-testid="unit-case"]').count()).toBe(6);
    expect(await panel.locator('[data-testid="unit-case"]:not([data-state="green"])').count()).toBe(0);
    expect(await page.locator('[data-testid="unit-case-countdown"] >> nth=0').textContent()).toMatch(/^正常 · 剩余 /);
    const pages = Math.ceil(api.totals.green / 6);
    await page.tap('[data-testid="unit-cases-next"]');
    await expect.poll(() => page.textContent('[data-testid="unit-cases-page"]')).toBe(`第 2/${pages} 页`);
    const second = (await getJson<OpenCaseList>(app.url, '/api/cases?scope=410102&state=green&limit=6&offset=6')).body;
    await expect
      .poll(() =>
        panel.locator('[data-testid="unit-case"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-case'))),
      )
      .toEqual(second.items.map((i) => i.caseId));

    // 临期 and 超期.
    await page.tap('[data-testid="cases-filter-yellow"]');
    await page.waitForSelector(`[data-testid="unit-cases"][data-filter="yellow"][data-count="${api.totals.yellow}"]`);
    await expect
      .poll(() => panel.locator('[data-testid="unit-case"][data-state="yellow"]').count())
      .toBe(api.totals.yellow);
    await page.tap('[data-testid="cases-filter-red"]');
    await page.waitForSelector(`[data-testid="unit-cases"][data-filter="red"][data-count="${api.totals.red}"]`);
    await expect
      .poll(() => panel.locator('[data-testid="unit-case"][data-state="red"]').count())
      .toBe(Math.min(6, api.totals.red));

    // A replay lists the overdue and near-due cases of its moment only, and says so.
    await page.tap('[data-testid="replay-enter"]');
    await page.waitForSelector('[data-testid="meeting"][data-mode="replay"]');
    expect(await page.textContent('[data-testid="unit-cases-note"]')).toContain('回放时不含在办清单');
    expect(await page.textContent('[data-testid="alerts"]')).toContain('告警只有实时数据');
    // The events were all stored at T: an hour back lies before the event log, which the replay
    // reads refuse (400, shown by the replay bar); nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
