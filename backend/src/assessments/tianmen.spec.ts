import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCityIso, type CaseEvent, type IssuedStatsView, type StatsView } from '@gridwall/shared';
import { ManualClock } from '../common/clock';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { AssessmentsService } from './assessments.service';

const H = 3_600_000;
const D = 24 * H;
const MONTH_START = Date.parse('2026-10-01T00:00:00+08:00');
const MONTH_END = Date.parse('2026-11-01T00:00:00+08:00');

/**
 * A published monthly report (天门, the issue's example): 立案 996, 应结案 972, 结案 911
 * (结案率 93.72 %), 按期结案 737 (按期结案率 75.82 %). Cases are laid out so that the figures are
 * the same one hour before the month ends (live) and at its end (issued): the overdue ones are
 * past their deadlines by then, the 24 not yet due are due in December.
 */
function tianmenMonth(): CaseEvent[] {
  const events: CaseEvent[] = [];
  const kinds: ['onTime' | 'late' | 'overdue' | 'notDue', number][] = [
    ['onTime', 737],
    ['late', 911 - 737],
    ['overdue', 972 - 911],
    ['notDue', 996 - 972],
  ];
  let n = 0;
  for (const [kind, count] of kinds) {
    for (let i = 0; i < count; i++, n++) {
      const caseId = `TM-${n}`;
      const reported = MONTH_START + (n % 26) * D + (n % 13) * H;
      const dispatched = reported + 2 * H;
      const deadline =
        kind === 'onTime'
          ? dispatched + 3 * D
          : kind === 'notDue'
            ? Date.parse('2026-12-20T00:00:00+08:00')
            : dispatched + 2 * H;
      const cell = ['410102001002001', '410105001003001', '410185001001001', '410173108201001'][n % 4];
      events.push(
        {
          eventId: `${caseId}-r`,
          caseId,
          type: 'reported',
          at: toCityIso(reported),
          gridCode: cell,
          category: 'urban_management',
          source: n % 3 === 0 ? 'patrol' : 'citizen',
          title: `城市管理问题${n}`,
        },
        { eventId: `${caseId}-a`, caseId, type: 'accepted', at: toCityIso(reported + H) },
        {
          eventId: `${caseId}-d`,
          caseId,
          type: 'dispatched',
          at: toCityIso(dispatched),
          handlerLevel: 'township',
          deadline: toCityIso(deadline),
        },
      );
      if (kind === 'onTime' || kind === 'late') {
        events.push({
          eventId: `${caseId}-s`,
          caseId,
          type: 'resolved',
          at: toCityIso(kind === 'onTime' ? dispatched + D : dispatched + 2 * D),
        });
      }
    }
  }
  // Reports not accepted (不予立案) leave every rate.
  for (let i = 0; i < 12; i++) {
    const caseId = `TM-X${i}`;
    const at = MONTH_START + i * D;
    events.push(
      {
        eventId: `${caseId}-r`,
        caseId,
        type: 'reported',
        at: toCityIso(at),
        gridCode: '410102001002001',
        category: 'illegal_business',
        source: 'hotline',
        title: '重复举报',
      },
      { eventId: `${caseId}-x`, caseId, type: 'rejected', at: toCityIso(at + H), reason: '重复' },
    );
  }
  return events;
}

describe.each(databaseKinds())('the published 天门 month on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(MONTH_END - H);

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock });
    const events = tianmenMonth();
    for (let i = 0; i < events.length; i += 2000) {
      const res = await postEvents(sut.url, { events: events.slice(i, i + 2000) });
      expect(res.status, res.body.message).toBe(202);
    }
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const expectReport = (s: StatsView) => {
    expect(s.accepted).toBe(996);
    expect(s.due).toBe(972);
    expect(s.resolved).toBe(911);
    expect(s.onTime).toBe(737);
    expect(s.closeRate).toEqual({ value: 911 / 972, numerator: 911, denominator: 972 });
    expect(s.onTimeRate).toEqual({ value: 737 / 972, numerator: 737, denominator: 972 });
    expect((100 * s.closeRate.value!).toFixed(2)).toBe('93.72');
    expect((100 * s.onTimeRate.value!).toFixed(2)).toBe('75.82');
    // 办结率 is the cohort's progress over accepted cases, not the headline.
    expect(s.resolutionRate).toMatchObject({ numerator: 911, denominator: 996 });
  };

  it('gives 结案率 93.72 % and 按期结案率 75.82 % live, an hour before the month ends', async () => {
    expectReport((await getJson<StatsView>(sut.url, '/api/stats?period=month')).body);
  });

  it('gives the same from the issued month', async () => {
    clock.set(MONTH_END + 2 * H);
    const issued = await sut.app.get(AssessmentsService).issueDue();
    expect(issued).toContainEqual({ kind: 'month', period: '2026-10' });
    const view = (await getJson<IssuedStatsView>(sut.url, '/api/assessments/month/2026-10/stats')).body;
    expectReport(view);
    expect(view.asOf).toBe('2026-11-01T00:00:00.000+08:00');
  });
});
