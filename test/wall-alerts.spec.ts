/**
 * Alerts that demand attention and a tablet's control of the wall (issue 13 items 12 and 15) in
 * a real Chromium against the real app: a case that turned red and one escalated to the city
 * show as banner cards on the wall until a leader acknowledges them; a leader's `control` pins,
 * pauses and steps the wall opened with its default URL (it follows the 联席会议室 channel, the tablets' default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { HOUR_MS, LIVE_NAMESPACE, toCityIso, type CaseEvent } from '@gridwall/shared';
import { AuthService } from '../backend/src/auth/auth.service';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { postEvents } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, newTestPage, screenshotDir } from './browser';
import { clippedTexts } from './layout';
import { startWallApp, type WallApp } from './wall-app';

const SCREENSHOTS = screenshotDir();
const SIZES = [
  [1920, 1080],
  [3840, 2160],
  [7680, 2160],
] as const;

describe.skipIf(!browserAvailable())('wall alerts and control from a tablet in Chromium', () => {
  const db = sqliteDatabase();
  let sut: WallApp;
  let browser: Browser;
  let leader: string;
  let tablet: Socket;
  const now = testNow();
  const iso = (hoursAgo: number) => toCityIso(now - hoursAgo * HOUR_MS);
  const deadline = now - 2 * HOUR_MS;

  beforeAll(async () => {
    sut = await startWallApp({ databaseUrl: db.url });
    const auth = sut.app.get(AuthService);
    await auth.createUser('wa-leader', 'test-password', 'leader', null, 'test', '王主任（市指挥中心）');
    leader = await auth.issueUserToken('wa-leader', 'wall-alerts', 'test');
    const events: CaseEvent[] = [
      {
        eventId: 'WA-RED-r',
        caseId: 'WA-RED',
        type: 'reported',
        at: iso(10),
        gridCode: '410102001002001',
        category: 'work_safety',
        source: 'patrol',
        title: '加油站附近违规堆放易燃物品需立即清理',
      },
      { eventId: 'WA-RED-a', caseId: 'WA-RED', type: 'accepted', at: iso(9.5) },
      {
        eventId: 'WA-RED-d',
        caseId: 'WA-RED',
        type: 'dispatched',
        at: iso(9),
        handlerLevel: 'district',
        departmentCode: '410102.zj',
        deadline: toCityIso(deadline),
      },
      {
        eventId: 'WA-CITY-r',
        caseId: 'WA-CITY',
        type: 'reported',
        at: iso(6),
        gridCode: '410105001003001',
        category: 'illegal_construction',
        source: 'citizen',
        title: '小区楼顶违建',
      },
      { eventId: 'WA-CITY-a', caseId: 'WA-CITY', type: 'accepted', at: iso(5.5) },
      { eventId: 'WA-CITY-e', caseId: 'WA-CITY', type: 'escalated', at: iso(5), toLevel: 'city' },
    ] as CaseEvent[];
    const res = await postEvents(sut.url, { events });
    expect(res.status, res.body.message).toBe(202);
    browser = await launchBrowser();
    tablet = io(`${sut.url}${LIVE_NAMESPACE}`, { auth: { token: leader }, transports: ['websocket'] });
  }, 120_000);

  afterAll(async () => {
    tablet?.close();
    await browser?.close();
    await sut?.close();
    db.drop();
  });

  const open = async (width: number, height: number, query: string): Promise<Page> => {
    const page = await newTestPage(browser, { viewport: { width, height } });
    await page.goto(`${sut.url}/wall?${query}&token=${sut.token}`);
    return page;
  };

  it('shows the alerts as banner cards at every size until a leader acknowledges them', async () => {
    for (const [width, height] of SIZES) {
      const page = await open(width, height, 'scenes=overview&rotate=0');
      const errors = collectErrors(page);
      await page.waitForSelector('[data-testid="alert-banner"][data-total="2"]', { timeout: 30_000 });
      const cards = page.locator('[data-testid="alert-card"]');
      expect(await cards.count()).toBe(2);
      const text = (await page.textContent('[data-testid="alert-banner"]')) ?? '';
      for (const part of [
        '超期红灯',
        '上报市级',
        '加油站附近违规堆放易燃物品需立即清理',
        '已超期 2.0 小时',
        '中原区 ›',
      ])
        expect(text, `${width}x${height}`).toContain(part);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SCREENSHOTS}wall-alerts-${width}x${height}.png` });
      expect(await clippedTexts(page, '[data-testid="alert-banner"]'), `${width}x${height}`).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
    const page = await open(1920, 1080, 'scenes=overview&rotate=0');
    await page.waitForSelector('[data-testid="alert-banner"][data-total="2"]', { timeout: 30_000 });
    const ack = await fetch(`${sut.url}/api/alerts/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [`red:WA-RED:${deadline}`] }),
    });
    expect(ack.status).toBe(200);
    await page.waitForSelector('[data-testid="alert-banner"][data-total="1"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="alert-banner"]')).not.toContain('超期红灯');
    await page.context().close();
  }, 240_000);

  it('obeys a tablet on the default channel: pin a scene, pause, step, reset', async () => {
    const page = await open(1920, 1080, 'scenes=overview,map,overdue&rotate=0');
    await page.waitForSelector('[data-testid="scene-overview"]');
    const control = async (body: Record<string, unknown>) => {
      const answer = (await tablet.timeout(10_000).emitWithAck('control', { channel: '联席会议室', ...body })) as {
        ok: boolean;
      };
      expect(answer.ok, JSON.stringify(body)).toBe(true);
    };
    await control({ pinned: 'ranking:district' });
    await page.waitForSelector('[data-testid="scene-ranking"][data-tier="district"]', { timeout: 15_000 });
    expect(await page.getAttribute('.wall-page__scene', 'data-control')).toBe('pinned');
    await control({ pinned: null, paused: true });
    await page.waitForSelector('[data-testid="scene-overview"]', { timeout: 15_000 });
    await page.waitForSelector('.wall-page__scene[data-control="paused"]');
    await control({ step: 1 });
    await page.waitForSelector('.wall-page__scene[data-scene^="map"]', { timeout: 15_000 });
    await control({ step: -1 });
    await page.waitForSelector('[data-testid="scene-overview"]', { timeout: 15_000 });
    await control({ reset: true });
    await page.waitForSelector('.wall-page__scene[data-control="running"]', { timeout: 15_000 });
    await page.context().close();
  }, 120_000);

  it('runs on the server time when the kiosk clock is ten minutes fast, and says so', async () => {
    const context = await newTestContext(browser, { viewport: { width: 1920, height: 1080 } }, testNow() + 10 * 60_000);
    const page = await context.newPage();
    await page.goto(`${sut.url}/wall?scenes=overdue&rotate=0&token=${sut.token}`);
    await page.waitForSelector('[data-testid="clock-drift"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="clock-drift"]')).toContain('相差 10 分钟');
    // The header's clock and the countdowns follow the server, not the machine.
    const shown = (await page.textContent('[data-testid="clock-label"]'))?.trim() ?? '';
    const server = new Date(testNow() + 8 * 3_600_000);
    const hhmm = `${String(server.getUTCHours()).padStart(2, '0')}:${String(server.getUTCMinutes()).padStart(2, '0')}`;
    const late = new Date(testNow() + 60_000 + 8 * 3_600_000);
    const hhmm2 = `${String(late.getUTCHours()).padStart(2, '0')}:${String(late.getUTCMinutes()).padStart(2, '0')}`;
    expect([hhmm, hhmm2]).toContain(shown.slice(0, 5));
    await page.screenshot({ path: `${SCREENSHOTS}wall-clock-drift-1920x1080.png` });
    await context.close();
  }, 120_000);
});
