import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { PERIODS, previousPeriodRange, toCityIso, type RankingView, type StatsView } from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { CaseStateEntity } from '../cases/case-state.entity';
import { rowToState } from '../cases/case-store.service';
import { foldCase } from '../cases/fold';
import { ManualClock } from '../common/clock';
import { Rng } from '../simulator/rng';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_DEPARTMENTS, TEST_NODES, foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { byCase, randomStream, toWire } from '../testing/random-streams';
import { referenceCase, referenceMetrics, referenceRanking, type RefCase } from '../testing/reference';
import { defaultDomainConfig } from '../config/domain-config';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { IngestService } from './ingest.service';

const STREAMS = Number(process.env.DB_STREAMS ?? 3);
const START = Date.parse('2026-11-02T08:00:00+08:00');
/** Arrivals after this are not sent, so this week and last week both hold many cases. */
const CUTOFF = START + 12.5 * 86_400_000;
const tree = zhengzhouTree();
const SCOPES = [...new Set(TEST_NODES.flatMap((n) => tree.get(n)!.ancestors))];

async function allStats(url: string): Promise<Record<string, StatsView>> {
  const out: Record<string, StatsView> = {};
  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const { asOf: _asOf, ...rest } = (await getJson<StatsView>(url, `/api/stats?scope=${scope}&period=${period}`))
        .body;
      out[`${scope}|${period}`] = rest as StatsView;
    }
  }
  return out;
}

describe.each(databaseKinds())(`${IngestService.name} with random streams on %s`, (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(START);
  const cfg = { ...defaultDomainConfig(), minCases: 2 };

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock, domainConfig: cfg });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('stores the fold of every case and serves exactly the reference figures, then again after a restart', async () => {
    const all: NormalizedEvent[] = [];
    for (let s = 0; s < STREAMS; s++) {
      const rng = new Rng(1000 + s);
      const stream = randomStream(rng, {
        cases: 30,
        cells: TEST_NODES,
        departments: TEST_DEPARTMENTS,
        start: START + s * 3_600_000,
        prefix: `S${s}`,
      });
      const arrivals = stream.arrivals.filter((a) => a.arriveAt <= CUTOFF);
      let i = 0;
      while (i < arrivals.length) {
        const batch = arrivals.slice(i, i + 1 + rng.int(40));
        i += batch.length;
        clock.set(Math.max(clock.now(), batch[batch.length - 1].arriveAt));
        const res = await postEvents(sut.url, { events: batch.map((a) => toWire(a.event)) });
        expect(res.status, res.body.message).toBeLessThan(300);
      }
      all.push(...new Set(arrivals.map((a) => a.event)));
    }

    const ctx = foldContext();
    const rows = await sut.app.get(DataSource).getRepository(CaseStateEntity).find();
    const grouped = byCase(all);
    expect(rows.length).toBe(grouped.size);
    for (const row of rows) expect(rowToState(row)).toEqual(foldCase(row.caseId, grouped.get(row.caseId)!, ctx));

    const now = clock.now();
    const cases = [...grouped.values()]
      .map((evs) => referenceCase(evs, (c) => tree.levelOf(c), limitMs))
      .filter((c): c is RefCase => c !== null);
    const before = await allStats(sut.url);
    for (const [key, stats] of Object.entries(before)) {
      const [scope, period] = key.split('|');
      const { scope: _s, scopeName: _n, level: _l, period: _p, from: _f, to: _t, ...metrics } = stats;
      expect(metrics, key).toEqual(
        referenceMetrics(cases, (c) => tree.isWithin(c.gridCode, scope), period as never, now, 0.2),
      );
    }
    // Rankings of every tier against the plain recomputation (minCases lowered so units rank).
    const rankingsBefore: Record<string, RankingView> = {};
    let rankedRows = 0;
    let changes = 0;
    for (const [tier, scope] of [
      ['district', '410100'],
      ['township', '410100'],
      ['village', '410102'],
      ['department', '410100'],
    ] as const) {
      for (const period of PERIODS) {
        const view = (await getJson<RankingView>(sut.url, `/api/rankings?tier=${tier}&scope=${scope}&period=${period}`))
          .body;
        rankingsBefore[`${tier}|${scope}|${period}`] = view;
        const prevT = previousPeriodRange(period, now).from;
        const inUnit = (code: string) => (c: RefCase) =>
          tier === 'department' ? c.departmentCode === code : tree.isWithin(c.gridCode, code);
        // The previous period's ranking as of now: last period's cohort, today's backlog.
        const units = view.rows.map((row) => ({
          code: row.code,
          name: row.name,
          now: referenceMetrics(cases, inUnit(row.code), period, now, 0.2),
          before: referenceMetrics(cases, inUnit(row.code), period, now, 0.2, undefined, prevT),
        }));
        // Districts and townships are ranked per group (the Zhengzhou defaults) when nothing is issued.
        const expected = referenceRanking(units, { ...cfg, groups: cfg.rankingGroups[tier] }, tier === 'department');
        rankedRows += expected.filter((r) => r.rank !== null).length;
        changes += expected.filter((r) => r.change !== null).length;
        expect(
          view.rows.map(({ rank, code, score, flags, change, group }) =>
            group === undefined ? { rank, code, score, flags, change } : { rank, code, score, flags, change, group },
          ),
          `${tier} ${period}`,
        ).toEqual(expected);
      }
    }
    // The streams are big enough that the comparison is not vacuous.
    expect(rankedRows).toBeGreaterThan(20);
    expect(changes).toBeGreaterThan(5);
    const overdueBefore = (await getJson<{ items: unknown[] }>(sut.url, '/api/overdue?scope=410100&limit=500')).body;
    expect(overdueBefore.items.length).toBeGreaterThan(0);
    const trendBefore = (await getJson(sut.url, '/api/stats/trend?scope=410100&period=month')).body;

    // Trend buckets by granularity over a range, against plain counting.
    for (const [granularity, span, from] of [
      ['day', 86_400_000, Date.parse('2026-11-01T00:00:00+08:00')],
      ['hour', 3_600_000, Date.parse('2026-11-14T00:00:00+08:00')],
    ] as const) {
      const to = now;
      const q = `/api/stats/trend?scope=410102&granularity=${granularity}&from=${encodeURIComponent(toCityIso(from))}&to=${encodeURIComponent(toCityIso(to))}`;
      const trend = (await getJson<{ buckets: { start: string; reported: number; resolved: number }[] }>(sut.url, q))
        .body;
      const inScope = cases.filter((c) => tree.isWithin(c.gridCode, '410102'));
      const expected = [];
      for (let t = from; t < to; t += span) {
        expected.push({
          start: toCityIso(t),
          reported: inScope.filter((c) => c.reportedAt >= t && c.reportedAt < t + span).length,
          resolved: inScope.filter(
            (c) => c.accepted && c.resolvedAt !== null && c.resolvedAt >= t && c.resolvedAt < t + span,
          ).length,
        });
      }
      expect(trend.buckets, granularity).toEqual(expected);
      expect(expected.some((b) => b.resolved > 0)).toBe(true);
    }

    await sut.close();
    sut = await startTestApp({ databaseUrl: db.url, clock, domainConfig: cfg });
    expect(await allStats(sut.url)).toEqual(before);
    expect((await getJson(sut.url, '/api/overdue?scope=410100&limit=500')).body).toEqual(overdueBefore);
    expect((await getJson(sut.url, '/api/stats/trend?scope=410100&period=month')).body).toEqual(trendBefore);
    for (const [key, view] of Object.entries(rankingsBefore)) {
      const [tier, scope, period] = key.split('|');
      expect((await getJson(sut.url, `/api/rankings?tier=${tier}&scope=${scope}&period=${period}`)).body, key).toEqual(
        view,
      );
    }
  });
});
