import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSESSMENT_KINDS,
  CATEGORIES,
  periodKeyOf,
  parsePeriodKey,
  periodRange,
  toCityIso,
  type AssessmentDetail,
  type AssessmentKind,
  type AssessmentList,
  type BriefingData,
  type IssuedRankingView,
  type IssuedStatsView,
  type MetricSet,
  type RankingTier,
  type StatsView,
} from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { ManualClock } from '../common/clock';
import { defaultDomainConfig } from '../config/domain-config';
import { Rng } from '../simulator/rng';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_DEPARTMENTS, TEST_NODES, limitMs, zhengzhouTree } from '../testing/fixtures';
import { byCase, randomStream, type Arrival, toWire } from '../testing/random-streams';
import { referenceCase, referenceMetrics, referenceRanking, type RefCase } from '../testing/reference';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { AssessmentsService } from './assessments.service';

/** A Monday: the streams report over the next 20 days, so three weeks and October end inside. */
const START = Date.parse('2026-10-12T08:00:00+08:00');
const END = START + 21 * 86_400_000;
const GRACE = 120 * 60_000;
const tree = zhengzhouTree();
const SCOPES = [...new Set(TEST_NODES.flatMap((n) => tree.get(n)!.ancestors))];
const TIERS: [RankingTier, string][] = [
  ['district', '410100'],
  ['township', '410100'],
  ['township', '410102'],
  ['village', '410102'],
  ['department', '410100'],
];

function metricsOf(v: StatsView | IssuedStatsView): MetricSet {
  const {
    scope: _s,
    scopeName: _n,
    level: _l,
    period: _p,
    from: _f,
    to: _t,
    asOf: _a,
    category: _c,
    assessment: _x,
    categories: _cs,
    ...m
  } = v as IssuedStatsView;
  return m;
}

/** The reference cases as of C: each folded from the stored events with `at` < C. */
function casesAsOf(stored: readonly NormalizedEvent[], c: number): RefCase[] {
  return [...byCase(stored.filter((e) => e.at < c)).values()]
    .map((evs) => referenceCase(evs, (code) => tree.levelOf(code), limitMs))
    .filter((x): x is RefCase => x !== null);
}

describe.each(databaseKinds())('issued assessments from random streams on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(START);
  const cfg = { ...defaultDomainConfig(), minCases: 2 };
  /** Every distinct event stored so far, in storing order. */
  const stored: NormalizedEvent[] = [];
  const seen = new Set<string>();
  /** What each issued period saw: the stored events when it was issued. */
  const sawAt = new Map<string, NormalizedEvent[]>();
  let arrivals: Arrival[] = [];
  let service: AssessmentsService;

  const post = async (batch: Arrival[]) => {
    const res = await postEvents(sut.url, { events: batch.map((a) => toWire(a.event)) });
    expect(res.status, res.body.message).toBeLessThan(300);
    for (const a of batch) {
      if (seen.has(a.event.eventId)) continue;
      seen.add(a.event.eventId);
      stored.push(a.event);
    }
  };

  const issue = async () => {
    const issued = await service.issueDue();
    for (const { kind: k, period } of issued) sawAt.set(`${k}|${period}`, [...stored]);
    return issued;
  };

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock, domainConfig: cfg });
    service = sut.app.get(AssessmentsService);
    for (let s = 0; s < 3; s++) {
      const stream = randomStream(new Rng(4200 + s), {
        cases: 40,
        cells: TEST_NODES,
        departments: TEST_DEPARTMENTS,
        start: START + s * 3_600_000,
        prefix: `A${s}`,
      });
      arrivals.push(...stream.arrivals);
    }
    arrivals.sort((a, b) => a.arriveAt - b.arriveAt);
    // Deliver everything that arrives before END, issuing whenever a freeze time passes (as the
    // scheduler does each minute); the rest arrives after issue, late.
    const freezeTimes = new Set<number>();
    for (const k of ASSESSMENT_KINDS)
      for (let r = periodRange(k, START); r.to < END; r = periodRange(k, r.to)) freezeTimes.add(r.to + GRACE);
    const stops = [...freezeTimes].sort((a, b) => a - b);
    let i = 0;
    for (const stop of [...stops, END]) {
      const batch: Arrival[] = [];
      while (i < arrivals.length && arrivals[i].arriveAt <= stop) batch.push(arrivals[i++]);
      for (let j = 0; j < batch.length; j += 200) {
        clock.set(Math.max(clock.now(), batch[Math.min(batch.length, j + 200) - 1].arriveAt));
        await post(batch.slice(j, j + 200));
      }
      clock.set(Math.max(clock.now(), stop));
      if (stop !== END) await issue();
    }
    arrivals = arrivals.slice(i);
  }, 240_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('issued every ended week and month once, oldest first, with the events stored when it was issued', async () => {
    const list = (await getJson<AssessmentList>(sut.url, '/api/assessments?limit=50')).body.items;
    expect(list.map((a) => `${a.kind} ${a.period} v${a.version}`)).toEqual([
      'week 2026-W44 v1',
      'month 2026-10 v1',
      'week 2026-W43 v1',
      'week 2026-W42 v1',
    ]);
    for (const a of list) {
      const c = Date.parse(a.to);
      expect(Date.parse(a.issuedAt), a.period).toBe(c + GRACE);
      const saw = sawAt.get(`${a.kind}|${a.period}`)!;
      expect(a.events, a.period).toBe(saw.filter((e) => e.at < c).length);
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Late events exist: some stored after a period was issued have `at` before its end.
    const w43 = list.find((a) => a.period === '2026-W43')!;
    expect(stored.filter((e) => e.at < Date.parse(w43.to)).length).toBeGreaterThan(w43.events);
    // Issuing again finds nothing to do.
    expect(await service.issueDue()).toEqual([]);
  });

  it('holds every §5 figure of every scope and category as of the period end (an independent recomputation)', async () => {
    let nonEmpty = 0;
    for (const [key, saw] of sawAt) {
      const [k, period] = key.split('|') as [AssessmentKind, string];
      const to = Date.parse((await getJson<AssessmentDetail>(sut.url, `/api/assessments/${k}/${period}`)).body.to);
      const cases = casesAsOf(saw, to);
      for (const scope of SCOPES) {
        const view = (await getJson<IssuedStatsView>(sut.url, `/api/assessments/${k}/${period}/stats?scope=${scope}`))
          .body;
        const inScope = (c: RefCase) => tree.isWithin(c.gridCode, scope);
        expect(metricsOf(view), `${key} ${scope}`).toEqual(
          referenceMetrics(cases, inScope, k, to, 0.2, undefined, to - 1),
        );
        expect(view.asOf).toBe(toCityIso(to));
        for (const cat of view.categories!) {
          expect(metricsOf(cat as never), `${key} ${scope} ${cat.category}`).toEqual(
            referenceMetrics(cases, inScope, k, to, 0.2, cat.category, to - 1),
          );
        }
        if (view.accepted > 0) nonEmpty++;
      }
      const one = (
        await getJson<IssuedStatsView>(
          sut.url,
          `/api/assessments/${k}/${period}/stats?scope=410102&category=${CATEGORIES[1]}`,
        )
      ).body;
      expect(one.categories).toBeUndefined();
      expect(metricsOf(one), `${key} one category`).toEqual(
        referenceMetrics(cases, (c) => tree.isWithin(c.gridCode, '410102'), k, to, 0.2, CATEGORIES[1], to - 1),
      );
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('ranks every tier per group and as one list like the plain recomputation, change against the previous issued period', async () => {
    let ranked = 0;
    let changes = 0;
    const weeks = ['2026-W42', '2026-W43', '2026-W44'];
    const previous = new Map<string, Map<string, number | null>>();
    for (const period of weeks) {
      const saw = sawAt.get(`week|${period}`)!;
      const { to } = parsePeriodKey('week', period)!;
      const cases = casesAsOf(saw, to);
      for (const [tier, scope] of TIERS) {
        for (const group of [undefined, 'all'] as const) {
          const q = `/api/assessments/week/${period}/rankings?tier=${tier}&scope=${scope}${group ? `&group=${group}` : ''}`;
          const view = (await getJson<IssuedRankingView>(sut.url, q)).body;
          const inUnit = (code: string) => (c: RefCase) =>
            tier === 'department' ? c.departmentCode === code : tree.isWithin(c.gridCode, code);
          const units = view.rows.map((row) => ({
            code: row.code,
            name: row.name,
            now: referenceMetrics(cases, inUnit(row.code), 'week', to, 0.2, undefined, to - 1),
          }));
          const groups = group === 'all' ? undefined : cfg.rankingGroups[tier];
          const id = `${tier}|${scope}|${group ?? ''}`;
          const expected = referenceRanking(
            units,
            { ...cfg, groups },
            tier === 'department',
            previous.get(id) ?? new Map(),
          );
          expect(
            view.rows.map(({ rank, code, score, flags, change, group: g }) =>
              g === undefined ? { rank, code, score, flags, change } : { rank, code, score, flags, change, group: g },
            ),
            `${period} ${id}`,
          ).toEqual(expected);
          previous.set(id, new Map(expected.map((r) => [r.code, r.rank])));
          ranked += expected.filter((r) => r.rank !== null).length;
          changes += expected.filter((r) => r.change !== null).length;
          if (groups?.length) expect(view.groups!.length, id).toBeGreaterThan(0);
        }
      }
    }
    expect(ranked).toBeGreaterThan(20);
    expect(changes).toBeGreaterThan(5);
  });

  it('never changes when late events arrive; a re-issue includes them as version 2; every version verifies', async () => {
    const before = (await getJson<IssuedStatsView>(sut.url, '/api/assessments/week/2026-W43/stats?scope=410100')).body;
    const header = (await getJson<AssessmentDetail>(sut.url, '/api/assessments/week/2026-W43')).body;
    const liveBefore = (await getJson<StatsView>(sut.url, '/api/stats?scope=410100&period=week')).body;
    // Events timed inside W43 that arrive now (late): a corrected report platform re-sends them.
    const c = Date.parse(header.to);
    const late = stored.filter((e) => e.at >= c - 7 * 86_400_000 && e.at < c).slice(0, 5);
    const fresh: NormalizedEvent[] = [
      {
        eventId: 'late-1',
        caseId: 'LATE-1',
        type: 'reported',
        at: c - 3_600_000,
        gridCode: TEST_NODES[0],
        category: 'work_safety',
        source: 'patrol',
        title: '迟报',
      },
      { eventId: 'late-2', caseId: 'LATE-1', type: 'accepted', at: c - 3_000_000 },
    ];
    for (const a of arrivals) clock.set(Math.max(clock.now(), a.arriveAt));
    await post([
      ...arrivals,
      ...fresh.map((event) => ({ arriveAt: clock.now(), event })),
      ...late.map((event) => ({ arriveAt: clock.now(), event })),
    ]);
    const after = (await getJson<IssuedStatsView>(sut.url, '/api/assessments/week/2026-W43/stats?scope=410100')).body;
    expect(after).toEqual(before);
    expect((await getJson(sut.url, '/api/stats?scope=410100&period=week')).body).not.toEqual(liveBefore);

    const forbidden = await fetch(`${sut.url}/api/admin/assessments/week/2026-W43/reissue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sut.tokens.leader}` },
      body: JSON.stringify({ reason: '补录迟报案件' }),
    });
    expect(forbidden.status).toBe(403);
    const reissue = async (body: unknown, period = '2026-W43') => {
      const res = await fetch(`${sut.url}/api/admin/assessments/week/${period}/reissue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sut.tokens.admin}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await reissue({ reason: 'x' })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^reason: /) },
    });
    const current = periodKeyOf('week', clock.now());
    expect((await reissue({ reason: '本周未结束' }, current)).status).toBe(409);
    const v2 = await reissue({ reason: '补录迟报案件' });
    expect(v2).toMatchObject({
      status: 201,
      body: { version: 2, reason: '补录迟报案件', issuedBy: expect.stringMatching(/^t-admin/) },
    });

    const detail = (await getJson<AssessmentDetail>(sut.url, '/api/assessments/week/2026-W43')).body;
    expect(detail.versions.map((v) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, '补录迟报案件'],
    ]);
    expect(detail.events).toBe(stored.filter((e) => e.at < c).length);
    // Version 2 is the reference over every event stored now; version 1 still reads as issued.
    const v2stats = (await getJson<IssuedStatsView>(sut.url, '/api/assessments/week/2026-W43/stats?scope=410100')).body;
    const cases = casesAsOf(stored, c);
    expect(metricsOf(v2stats)).toEqual(referenceMetrics(cases, () => true, 'week', c, 0.2, undefined, c - 1));
    expect(v2stats.assessment.version).toBe(2);
    expect((await getJson(sut.url, '/api/assessments/week/2026-W43/stats?scope=410100&version=1')).body).toEqual(
      before,
    );
    expect(v2stats.reported).toBeGreaterThan(before.reported);

    for (const a of (await getJson<AssessmentList>(sut.url, '/api/assessments?limit=50')).body.items) {
      for (let v = 1; v <= a.version; v++) {
        const r = await service.verify(a.kind, a.period, v);
        expect(r, `${a.kind} ${a.period} v${v}`).toMatchObject({ ok: true });
      }
    }
  });

  it('hands out the briefing as JSON, a workbook and a PDF to a wall screen, named by period and version', async () => {
    const data = (
      await getJson<BriefingData>(sut.url, '/api/assessments/month/2026-10/briefing?scope=410100', sut.tokens.wall)
    ).body;
    expect(data.assessment).toMatchObject({ kind: 'month', period: '2026-10', label: '2026年10月' });
    expect(data.tiers.map((t) => t.tier)).toEqual(['district', 'township', 'department']);
    expect(data.tiers[0].ranking.groups!.map((g) => g.name)).toEqual(['城区组', '县（市）组', '开发区组']);
    expect(data.stats.accepted).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toMatch(/reporter|description/);
    for (const [ext, magic, type] of [
      ['xlsx', 'PK', 'spreadsheetml'],
      ['pdf', '%PDF', 'application/pdf'],
    ] as const) {
      const res = await fetch(`${sut.url}/api/assessments/month/2026-10/briefing.${ext}?scope=410102`, {
        headers: { authorization: `Bearer ${sut.tokens.wall}` },
      });
      expect(res.status, ext).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toContain(`briefing-410102-2026-10-v1.${ext}`);
      expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('中原区2026年10月通报');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    const none = await fetch(`${sut.url}/api/assessments/month/2026-10/briefing.pdf`);
    expect(none.status).toBe(401);
  });

  it('answers 400 or 404 naming the part for bad kinds, keys and versions', async () => {
    const msg = async (path: string) => (await getJson<{ statusCode: number; message: string }>(sut.url, path)).body;
    expect(await msg('/api/assessments/decade/2026')).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^kind: /),
    });
    expect(await msg('/api/assessments/week/2026-11')).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^period: /),
    });
    expect(await msg('/api/assessments/week/2026-W60')).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^period: /),
    });
    expect(await msg('/api/assessments/week/2025-W10')).toMatchObject({
      statusCode: 404,
      message: expect.stringMatching(/not been issued/),
    });
    expect(await msg('/api/assessments/week/2026-W43/stats?version=9')).toMatchObject({ statusCode: 404 });
    expect(await msg('/api/assessments/week/2026-W43/rankings?tier=district&group=mars')).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^group: /),
    });
    expect(await msg('/api/assessments/week/2026-W43/rankings?tier=village&group=urban')).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^group: the village tier has no groups/),
    });
  });
});
