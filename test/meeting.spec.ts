/**
 * The meeting tablet and the district head's view (issue 5) in a real Chromium against the real
 * app: a leader signs in through the UI at a tablet viewport, drills down from the city to a
 * cell and back, opens a joint-meeting case's whole timeline, presents it to a wall open in a
 * second browser context and sees the wall follow and return to its playlist; a district head's
 * view loads with its rank in its group and an empty issued history; a missing or dead session
 * lands on /login. No console errors; screenshots meeting-*.png and district-*.png (see screenshotDir). Server and browsers run
 * on this spec's own moment (T0), whatever day the suite runs on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CaseEvent, RankingView } from '@gridwall/shared';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { citizenReport } from '../backend/src/testing/fixtures';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { ManualClock } from '../backend/src/common/clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, screenshotDir } from './browser';

const SCREENSHOTS = screenshotDir();
/**
 * This spec's own moment, a Wednesday afternoon: its fixture needs 50 hours of this week behind
 * it (a week's figures and ranks), so it does not follow GRIDWALL_TEST_NOW. The server's clock
 * stands at T0 and the browsers' clocks run from it.
 */
const T0 = Date.parse('2026-11-25T15:00:00+08:00');
const CHANNEL = '联席会议室';
const CELL = '410102001002001';
const CASE_ID = 'M2026-1';

const iso = (hoursAgo: number): string => new Date(T0 - hoursAgo * 3600_000).toISOString();

/** A joint-meeting case with every kind of step: dispatch, escalation, extension, rework. */
function meetingCase(): CaseEvent[] {
  return [
    citizenReport(CASE_ID, CELL, iso(50)),
    { eventId: `${CASE_ID}-a`, caseId: CASE_ID, type: 'accepted', at: iso(49) },
    {
      eventId: `${CASE_ID}-d`,
      caseId: CASE_ID,
      type: 'dispatched',
      at: iso(48),
      handlerLevel: 'district',
      departmentCode: 'city.scjg',
    },
    {
      eventId: `${CASE_ID}-x`,
      caseId: CASE_ID,
      type: 'extended',
      at: iso(30),
      deadline: iso(-48),
      reason: '需联合执法',
    },
    { eventId: `${CASE_ID}-s`, caseId: CASE_ID, type: 'resolved', at: iso(20), note: '已责令停产' },
    { eventId: `${CASE_ID}-o`, caseId: CASE_ID, type: 'reopened', at: iso(10), reason: '群众反映复产' },
    {
      eventId: `${CASE_ID}-e`,
      caseId: CASE_ID,
      type: 'escalated',
      at: iso(5),
      toLevel: 'city',
      jointMeeting: true,
      reason: '多部门联合执法',
    },
  ];
}

/** Five more accepted cases in 中原区, so the district is ranked (minCases 5) and the chart has a point. */
function rankedCases(): CaseEvent[] {
  return Array.from({ length: 5 }, (_, i): CaseEvent[] => {
    const caseId = `M2026-r${i}`;
    return [
      {
        eventId: `${caseId}-r`,
        caseId,
        type: 'reported',
        at: iso(3 + i),
        gridCode: CELL,
        category: 'urban_management',
        source: 'patrol',
        title: `占道经营 ${i + 1}`,
      },
      { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(2.5 + i) },
      ...(i < 3 ? [{ eventId: `${caseId}-s`, caseId, type: 'resolved' as const, at: iso(1 + i * 0.1) }] : []),
    ];
  }).flat();
}

/** Signs in through the sign-in page and waits for the landing page. */
async function signIn(page: Page, url: string, name: string, landing: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid="login-name"]', name);
  await page.fill('[data-testid="login-password"]', 'test-password');
  await page.tap('[data-testid="login-submit"]');
  await page.waitForURL(`**${landing}`);
}

/** Taps the child unit `code` (its ranking row, or its button where there is no ranking). */
async function drillInto(page: Page, code: string, level: string): Promise<void> {
  await page.tap(
    `[data-testid="unit-ranking-row"][data-code="${code}"], [data-testid="child-unit"][data-code="${code}"]`,
  );
  await page.waitForSelector(`[data-testid="meeting"][data-scope="${code}"][data-level="${level}"]`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

describe.runIf(browserAvailable())('meeting tablet and district view', () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const tablet = async (width: number, height: number): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width, height }, hasTouch: true, isMobile: false }, T0);
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    app = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(T0), serveFrontend: true });
    expect((await postEvents(app.url, { events: [...meetingCase(), ...rankedCases()] })).status).toBe(202);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  it('sends a visitor without a session, or with a dead one, to the sign-in page', async () => {
    const page = await tablet(1024, 768);
    await page.goto(`${app.url}/meeting`);
    await page.waitForURL('**/login?next=*');
    await page.evaluate(() =>
      sessionStorage.setItem(
        'gridwall.session',
        JSON.stringify({
          token: 'revoked',
          role: 'leader',
          name: 'x',
          districtCode: null,
          expiresAt: '2999-01-01T00:00:00Z',
        }),
      ),
    );
    await page.goto(`${app.url}/meeting`);
    await page.waitForURL('**/login?next=*');
    await page.fill('[data-testid="login-name"]', 't-leader');
    await page.fill('[data-testid="login-password"]', 'wrong');
    await page.tap('[data-testid="login-submit"]');
    await expect.poll(() => page.textContent('[data-testid="login-error"]')).toBe('用户名或密码错误');
    await shot(page, 'meeting-login-1024x768');
  });

  it('drills down to a cell and back, opens a case timeline and presents it to a wall that follows', async () => {
    const page = await tablet(1024, 768);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-leader', '/meeting');
    await page.waitForSelector('[data-testid="meeting"][data-level="city"]');
    await page.waitForSelector('[data-testid="figure-reported"]:not([data-value="—"])');
    await page.waitForSelector('[data-testid="agenda-item"]');
    await shot(page, 'meeting-city-1024x768');

    await drillInto(page, '410102', 'district');
    await drillInto(page, '410102001', 'township');
    await drillInto(page, '410102001002', 'village');
    await drillInto(page, CELL, 'cell');
    expect(await page.locator('[data-testid="breadcrumb"] button').count()).toBe(5);
    await page.waitForSelector('[data-testid="figure-reported"][data-value="6"]');
    await shot(page, 'meeting-cell-1024x768');
    await page.tap('[data-testid="back-up"]');
    await page.waitForSelector('[data-testid="meeting"][data-level="village"]');
    await page.tap('[data-testid="breadcrumb"] button[data-code="410100"]');
    await page.waitForSelector('[data-testid="meeting"][data-level="city"]');
    expect(await page.locator('[data-testid="breadcrumb"] button').count()).toBe(1);

    // The wall of the meeting room, in a second browser context.
    const wallContext = await newTestContext(browser, { viewport: { width: 1920, height: 1080 } }, T0);
    contexts.push(wallContext);
    const wall = await wallContext.newPage();
    const wallErrors = collectErrors(wall);
    await wall.goto(
      `${app.url}/wall?scenes=overview&rotate=0&channel=${encodeURIComponent(CHANNEL)}&token=${app.tokens.wall}`,
    );
    await wall.waitForSelector('[data-testid="scene-overview"]');

    await page.tap(`[data-testid="agenda-item"][data-case="${CASE_ID}"]`);
    await page.waitForSelector('[data-testid="timeline-entry"]');
    expect(await page.locator('[data-testid="timeline-entry"]').count()).toBe(meetingCase().length);
    expect(await page.textContent('[data-testid="case-phone"]')).toBe('138****1234');
    expect(await page.locator('[data-testid="timeline-entry"][data-type="reopened"]').getAttribute('data-marked')).toBe(
      'true',
    );
    await page.waitForSelector('[data-testid="district-map"][data-ready="true"]');
    await shot(page, 'meeting-case-1024x768');

    await page.tap('[data-testid="case-present"]');
    await wall.waitForSelector(`[data-testid="scene-present"][data-kind="case"] [data-case="${CASE_ID}"]`);
    expect(await wall.locator('[data-testid="present-event"]').count()).toBe(meetingCase().length);
    const wallText = (await wall.textContent('body')) ?? '';
    expect(wallText).not.toContain('王某某');
    expect(wallText).not.toContain('1234');
    await shot(wall, 'meeting-wall-case-1920x1080');

    await page.tap('[data-testid="case-close"]');
    await drillInto(page, '410102', 'district');
    await page.tap('[data-testid="present-unit"]');
    await wall.waitForSelector(
      '[data-testid="scene-present"][data-kind="unit"] [data-testid="figure-reported"][data-value="6"]',
    );
    await expect.poll(() => page.textContent('[data-testid="present-state"]')).toContain('中原区');
    await shot(wall, 'meeting-wall-unit-1920x1080');

    await page.tap('[data-testid="present-stop"]');
    await wall.waitForSelector('[data-testid="scene-overview"]');
    await expect.poll(() => page.textContent('[data-testid="present-state"]')).toBe('未投屏');

    expect(errors).toEqual([]);
    expect(wallErrors).toEqual([]);
  });

  it('lays out in portrait', async () => {
    const page = await tablet(768, 1024);
    const errors = collectErrors(page);
    await signIn(page, app.url, 't-leader', '/meeting');
    await drillInto(page, '410102', 'district');
    await page.waitForSelector('[data-testid="figure-reported"][data-value="6"]');
    await shot(page, 'meeting-district-768x1024');
    await page.tap(`[data-testid="agenda-item"][data-case="${CASE_ID}"]`);
    await page.waitForSelector('[data-testid="timeline-entry"]');
    await shot(page, 'meeting-case-768x1024');
    expect(errors).toEqual([]);
  });

  it("loads a district head's view: rank now in its group, the issued history (none yet) and cases", async () => {
    for (const [width, height] of [
      [1024, 768],
      [768, 1024],
    ]) {
      const page = await tablet(width, height);
      const errors = collectErrors(page);
      await signIn(page, app.url, 't-district', '/district');
      await page.waitForSelector('[data-testid="district"][data-unit="410102"]');
      // The fixture lies in this week: no period with cases has ended, so nothing is issued yet.
      await page.waitForSelector('[data-testid="rank-history"][data-points="0"]');
      expect(await page.textContent('[data-testid="history-none"]')).toContain('暂无已发布的周考核');
      expect(await page.textContent('[data-testid="score-parts"]')).toContain('暂无已发布的考核');
      // The rank now as the live ranking has it: within its group (城区组), or 样本不足 (v2 counts
      // due cases, and most of the fixture's are not due yet).
      const live = await getJson<RankingView>(app.url, '/api/rankings?tier=district&scope=410100&period=week');
      const row = live.body.rows.find((r) => r.code === '410102');
      const ranked = live.body.rows.filter((r) => r.rank !== null && r.group === row?.group).length;
      await expect
        .poll(() => page.textContent('[data-testid="unit-rank"]'))
        .toContain(row?.rank ? `第 ${row.rank} 名 / 城区组 ${ranked} 个` : '样本不足');
      await shot(page, `district-${width}x${height}`);
      expect(errors).toEqual([]);
    }
  });
});
