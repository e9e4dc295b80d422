/**
 * Issued assessments (issue 11) in a real Chromium against the real app: 75 days of case history
 * before the test moment are posted and every ended period issued, then
 * - the wall's `assessment:week` scene shows the last issued week (heading, headline figures with
 *   numerator/denominator, the district ranking per group) tagged 已发布 通报, a kind with nothing
 *   issued says so, and the live scenes keep saying 实时;
 * - the meeting tablet picks an issued week, shows the issued figures, ranking and period-end
 *   backlog at every drill-down level, downloads the briefing as PDF and xlsx and opens the
 *   printable A4 page;
 * - the district head's view shows the issued rank history per kind, each point's rank in its
 *   group, and a period's score taken apart.
 * Everything expected is read from the API, and server and browsers run at the test moment
 * (GRIDWALL_TEST_NOW moves it), so nothing depends on the day the suite runs. No text may be cut
 * off at any screen size; screenshots assessment-*.png, meeting-issued-*.png, district-issued-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  CHILD_TIER,
  issuedAtLabel,
  periodLabel,
  periodShortLabel,
  type AreaNode,
  type AssessmentHeader,
  type AssessmentList,
  type IssuedRankingView,
  type IssuedStatsView,
  type Rate,
  type RankHistoryView,
} from '@gridwall/shared';
import { AssessmentsService } from '../backend/src/assessments/assessments.service';
import { ManualClock } from '../backend/src/common/clock';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../backend/src/testing/test-app';
import { TEST_NOW } from '../backend/src/testing/test-clock';
import { browserAvailable, collectErrors, launchBrowser, newTestContext, screenshotDir } from './browser';
import { fixtureUnits, historyEvents } from './issued-fixture';
import { clippedTexts } from './layout';

const SCREENSHOTS = screenshotDir();

/** Every screen the views are checked and photographed at. */
const SIZES: [number, number][] = [
  [1920, 1080],
  [3840, 2160],
  [7680, 2160],
  [1024, 768],
  [768, 1024],
];

/** 93.72%, as the headline figures show a rate; — for none. */
const pct2 = (r: Rate): string => (r.value === null ? '—' : `${(r.value * 100).toFixed(2)}%`);

describe.runIf(browserAvailable())('issued assessments in Chromium', () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let week: AssessmentHeader;

  const api = async <T>(path: string, token = app.tokens.wall): Promise<T> => {
    const res = await getJson<T>(app.url, path, token);
    expect(res.status, path).toBe(200);
    return res.body;
  };

  const newPage = async (width: number, height: number, touch = false): Promise<Page> => {
    const context = await newTestContext(browser, { viewport: { width, height }, hasTouch: touch }, TEST_NOW);
    contexts.push(context);
    return context.newPage();
  };

  const signIn = async (page: Page, name: string, landing: string): Promise<void> => {
    await page.goto(`${app.url}/login`);
    await page.fill('[data-testid="login-name"]', name);
    await page.fill('[data-testid="login-password"]', 'test-password');
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL(`**${landing}`);
  };

  const shot = async (page: Page, name: string): Promise<void> => {
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
  };

  beforeAll(async () => {
    app = await startTestApp({ databaseUrl: db.url, clock: new ManualClock(TEST_NOW), serveFrontend: true });
    const events = historyEvents(await fixtureUnits(app.url, app.tokens.wall), TEST_NOW);
    for (let i = 0; i < events.length; i += 1000) {
      const res = await postEvents(app.url, { events: events.slice(i, i + 1000) });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    // Issue every ended period now (the server would within a minute).
    await app.app.get(AssessmentsService).issueDue();
    const weeks = await api<AssessmentList>('/api/assessments?kind=week&limit=3');
    const months = await api<AssessmentList>('/api/assessments?kind=month&limit=1');
    // The fixture covers at least two ended weeks and one ended month, whatever the moment.
    expect(weeks.items.length).toBeGreaterThanOrEqual(2);
    expect(months.items.length).toBe(1);
    week = weeks.items[0];
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db.drop();
  });

  it('shows the last issued week on the wall: heading, figures with their parts, the ranking per group', async () => {
    const ref = `/api/assessments/week/${week.period}`;
    const stats = await api<IssuedStatsView>(`${ref}/stats?scope=410100`);
    const ranking = await api<IssuedRankingView>(`${ref}/rankings?tier=district&scope=410100`);
    expect(ranking.groups?.map((g) => g.name)).toEqual(['城区组', '县（市）组', '开发区组']);

    for (const [width, height] of SIZES) {
      const page = await newPage(width, height);
      const errors = collectErrors(page);
      await page.goto(`${app.url}/wall?scenes=assessment:week&rotate=0&scope=410100&token=${app.tokens.wall}`);
      await page.waitForSelector('[data-testid="scene-assessment"][data-state="ready"]');
      const scene = page.locator('[data-testid="scene-assessment"]');
      expect(await scene.getAttribute('data-period')).toBe(week.period);

      expect(await page.textContent('[data-testid="assessment-heading"]')).toBe(
        `郑州市 · ${periodShortLabel('week', week.period)}通报 · 已发布 ${issuedAtLabel(week.issuedAt)}`,
      );
      expect(await page.textContent('[data-testid="mode-tag"]')).toBe('已发布 通报');
      expect(await page.textContent('[data-testid="issued-tag"]')).toContain('已发布');
      const figure = (key: string) => page.getAttribute(`[data-testid="issued-figure-${key}"]`, 'data-value');
      expect(await figure('accepted')).toBe(stats.accepted.toLocaleString('en-US'));
      expect(await figure('due')).toBe(stats.due.toLocaleString('en-US'));
      expect(await figure('closeRate')).toBe(pct2(stats.closeRate));
      expect(await figure('onTimeRate')).toBe(pct2(stats.onTimeRate));
      expect(await page.textContent('[data-testid="issued-figure-closeRate"]')).toContain(
        `结案 ${stats.closeRate.numerator.toLocaleString('en-US')} / 应结案 ${stats.closeRate.denominator.toLocaleString('en-US')}`,
      );

      // Every group under its own heading, every unit once, 末位 per group.
      const heads = await page
        .locator('[data-testid="ranking-group"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
      expect([...new Set(heads)]).toEqual(ranking.groups!.map((g) => g.key));
      expect(await page.locator('[data-testid="ranking-row"]').count()).toBe(ranking.rows.length);
      for (const row of ranking.rows.filter((r) => r.flags.includes('last'))) {
        expect(await page.getAttribute(`[data-testid="ranking-row"][data-code="${row.code}"]`, 'data-last')).toBe(
          'true',
        );
      }
      const changes = await page.locator('[data-testid="ranking-change"]').allTextContents();
      expect(
        changes.every((c) => /^(↑\d+|↓\d+|–|新|—|)$/.test(c.trim())),
        changes.join(','),
      ).toBe(true);

      await shot(page, `assessment-week-${width}x${height}`);
      expect(await clippedTexts(page, '[data-testid="wall"]'), `${width}x${height}`).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('says plainly when nothing of a kind is issued, and the live scenes keep saying 实时', async () => {
    const page = await newPage(1920, 1080);
    const errors = collectErrors(page);
    // The fixture's history lies in one year that has not ended: no year is issued.
    expect((await api<AssessmentList>('/api/assessments?kind=year&limit=1')).items).toEqual([]);
    await page.goto(`${app.url}/wall?scenes=assessment:year&rotate=0&token=${app.tokens.wall}`);
    await page.waitForSelector('[data-testid="scene-assessment"][data-state="none"]');
    expect(await page.textContent('[data-testid="assessment-none"]')).toContain('暂无已发布的年度通报');
    expect(await page.locator('[data-testid^="issued-figure-"]').count()).toBe(0);
    await shot(page, 'assessment-none-1920x1080');

    // Rotating between a live scene and an issued one, each always says which it is.
    await page.goto(`${app.url}/wall?scenes=overview,assessment:month&rotate=3&token=${app.tokens.wall}`);
    const seen = new Map<string, Set<string>>();
    await expect
      .poll(
        async () => {
          const [scene, tag] = await page.evaluate(() => [
            document.querySelector('main[data-scene]')?.getAttribute('data-scene') ?? '',
            document.querySelector('[data-testid="mode-tag"]')?.textContent?.trim() ?? '',
          ]);
          if (!scene) return seen.size;
          if (!seen.has(scene)) seen.set(scene, new Set());
          seen.get(scene)!.add(tag);
          return seen.size;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(2);
    expect(Object.fromEntries([...seen].map(([k, v]) => [k, [...v]]))).toEqual({
      overview: ['实时'],
      'assessment:month': ['已发布 通报'],
    });
    await expect
      .poll(() => page.textContent('[data-testid="scene-name"]'), { timeout: 15_000, interval: 200 })
      .toContain('月通报');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows an issued week on the tablet at every drill-down level and exports its briefing', async () => {
    const page = await newPage(1024, 768, true);
    const errors = collectErrors(page);
    await signIn(page, 't-leader', '/meeting');
    await page.waitForSelector('[data-testid="meeting"][data-level="city"]');
    const key = `issued:week:${week.period}`;
    await page.waitForSelector(`[data-testid="issued-picker"] option[value="${key}"]`, { state: 'attached' });
    expect(await page.textContent(`[data-testid="issued-picker"] option[value="${key}"]`)).toBe(
      `${periodShortLabel('week', week.period)}（已发布）`,
    );
    await page.selectOption('[data-testid="issued-picker"]', key);
    await page.waitForSelector(`[data-testid="meeting"][data-mode="issued"][data-period="${week.period}"]`);
    expect(await page.textContent('[data-testid="issued-period"]')).toContain(periodLabel('week', week.period));
    expect(await page.textContent('[data-testid="issued-at"]')).toBe(
      `已发布 ${issuedAtLabel(week.issuedAt)} · 第${week.version}版`,
    );

    const ref = `/api/assessments/week/${week.period}`;
    const expectLevel = async (code: string, level: AreaNode['level']) => {
      await page.waitForSelector(
        `[data-testid="meeting"][data-scope="${code}"][data-level="${level}"][data-mode="issued"]`,
      );
      const stats = await api<IssuedStatsView>(`${ref}/stats?scope=${code}`, app.tokens.leader);
      await expect
        .poll(() => page.getAttribute('[data-testid="figure-closeRate"]', 'data-value'), { timeout: 10_000 })
        .toBe(pct2(stats.closeRate));
      expect(await page.getAttribute('[data-testid="figure-accepted"]', 'data-value')).toBe(
        stats.accepted.toLocaleString('en-US'),
      );
      const tier = CHILD_TIER[level];
      if (tier) {
        const ranking = await api<IssuedRankingView>(`${ref}/rankings?tier=${tier}&scope=${code}`, app.tokens.leader);
        await expect.poll(() => page.locator('[data-testid="unit-ranking-row"]').count()).toBe(ranking.rows.length);
        const groups = await page
          .locator('[data-testid="unit-ranking-group"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
        expect(groups).toEqual(ranking.groups?.map((g) => g.key) ?? []);
      }
      await page.waitForSelector('[data-testid="issued-overdue"] .tablet__empty, [data-testid="issued-overdue-case"]');
    };
    await expectLevel('410100', 'city');
    expect(await clippedTexts(page, '[data-testid="meeting"]', false)).toEqual([]);
    await shot(page, 'meeting-issued-city-1024x768');

    // Down to a cell of the fixture's first unit, every level on the issued period.
    await page.tap('[data-testid="unit-ranking-row"][data-code="410102"]');
    await expectLevel('410102', 'district');
    await shot(page, 'meeting-issued-district-1024x768');
    const township = (await api<AreaNode[]>('/api/areas?parent=410102', app.tokens.leader))[0].code;
    await page.tap(`[data-testid="unit-ranking-row"][data-code="${township}"]`);
    await expectLevel(township, 'township');
    const village = (await api<AreaNode[]>(`/api/areas?parent=${township}`, app.tokens.leader))[0].code;
    await page.tap(`[data-testid="unit-ranking-row"][data-code="${village}"]`);
    await expectLevel(village, 'village');
    const cell = (await api<AreaNode[]>(`/api/areas?parent=${village}`, app.tokens.leader))[0].code;
    await page.tap(`[data-testid="child-unit"][data-code="${cell}"]`);
    await expectLevel(cell, 'cell');
    await page.tap('[data-testid="breadcrumb"] button[data-code="410102"]');
    await expectLevel('410102', 'district');

    // The briefing of the district, as PDF and as a workbook, one tap each.
    for (const [format, magic] of [
      ['pdf', '%PDF'],
      ['xlsx', 'PK'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.tap(`[data-testid="export-${format}"]`),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
      expect(download.suggestedFilename()).toContain('中原区');
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic);
      await expect.poll(() => page.textContent('[data-testid="export-message"]')).toContain('已下载');
    }

    // The printable page of the same briefing: A4.
    await page.tap('[data-testid="print-preview"]');
    await page.waitForURL(`**/briefing?kind=week&period=${week.period}&scope=410102`);
    await page.waitForSelector('[data-testid="briefing"][data-ready="true"]');
    expect(await page.textContent('[data-testid="briefing-title"]')).toBe('中原区网格化管理周评比通报');
    expect(await page.textContent('[data-testid="briefing-period"]')).toContain(periodLabel('week', week.period));
    expect(await page.locator('[data-testid="briefing-tier"]').count()).toBeGreaterThan(0);
    await shot(page, 'briefing-print-preview-1024x768');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.briefing-page__tools').isVisible()).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}briefing-print-media-full.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
    await page.tap('[data-testid="briefing-back"]');
    await page.waitForSelector('[data-testid="meeting"]');
    expect(errors).toEqual([]);
  }, 180_000);

  it('lays the issued tablet view out at every screen size without cutting text', async () => {
    for (const [width, height] of SIZES) {
      const page = await newPage(width, height, width < 1900);
      const errors = collectErrors(page);
      await signIn(page, 't-leader', '/meeting');
      const key = `issued:week:${week.period}`;
      await page.waitForSelector(`[data-testid="issued-picker"] option[value="${key}"]`, { state: 'attached' });
      await page.selectOption('[data-testid="issued-picker"]', key);
      await page.waitForSelector('[data-testid="meeting"][data-mode="issued"]');
      await page.waitForSelector('[data-testid="unit-ranking-row"]');
      await page.waitForSelector('[data-testid="figure-closeRate"]:not([data-value="—"])');
      await shot(page, `meeting-issued-${width}x${height}`);
      expect(await clippedTexts(page, '[data-testid="meeting"]', false), `${width}x${height}`).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it("shows a district head's issued rank history per kind, the rank in its group and the score taken apart", async () => {
    const history = async (kind: string) =>
      api<RankHistoryView>(
        `/api/rankings/history?tier=district&scope=410100&code=410102&kind=${kind}&limit=12`,
        app.tokens.district,
      );
    const weeks = await history('week');
    const months = await history('month');
    expect(weeks.points.length).toBeGreaterThanOrEqual(2);
    const newest = weeks.points.at(-1)!;
    expect(newest).toMatchObject({ group: 'urban', groupName: '城区组' });

    for (const [width, height] of SIZES) {
      const page = await newPage(width, height, width < 1900);
      const errors = collectErrors(page);
      await signIn(page, 't-district', '/district');
      await page.waitForSelector(
        `[data-testid="rank-history"][data-kind="week"][data-points="${weeks.points.length}"]`,
      );
      expect(await page.locator('[data-testid="history-row"]').count()).toBe(weeks.points.length);
      const first = (await page.textContent('[data-testid="history-row"]')) ?? '';
      expect(first).toContain(periodLabel('week', newest.period));
      expect(first).toContain(newest.rank === null ? '样本不足' : `第 ${newest.rank} 名 / 城区组 ${newest.ranked} 个`);
      expect(await page.getAttribute('[data-testid="score-parts"]', 'data-period')).toBe(newest.period);
      expect(await page.textContent('[data-testid="score-part"][data-key="total"]')).toContain(
        newest.breakdown.score === null ? '样本不足' : newest.breakdown.score.toFixed(2),
      );
      expect(await page.locator('[data-testid="score-part"][data-key="closeRate"]').count()).toBe(1);
      await shot(page, `district-issued-${width}x${height}`);
      expect(await clippedTexts(page, '[data-testid="district"]', false), `${width}x${height}`).toEqual([]);

      if (width === 1024) {
        // An older week's breakdown, then the months.
        const older = weeks.points[0];
        await page.tap(`[data-testid="history-row"][data-period="${older.period}"]`);
        await expect.poll(() => page.getAttribute('[data-testid="score-parts"]', 'data-period')).toBe(older.period);
        await page.tap('[data-testid="history-kind-month"]');
        await page.waitForSelector(
          `[data-testid="rank-history"][data-kind="month"][data-points="${months.points.length}"]`,
        );
        expect(await page.getAttribute('[data-testid="score-parts"]', 'data-period')).toBe(
          months.points.at(-1)!.period,
        );
        await shot(page, 'district-issued-month-1024x768');
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 240_000);
});
