import { describe, expect, it } from 'vitest';
import type { MetricSet } from '@gridwall/shared';
import { defaultDomainConfig } from '../config/domain-config';
import { rankUnits, scoreOf } from './ranking';
import { rate } from './views';

/** Figures with the given rate parts; everything else zero. */
function m(p: {
  acc: number;
  res: number;
  due?: number;
  onTime?: number;
  local?: number;
  rework?: number;
  satN?: number;
  satD?: number;
  overdue?: number;
}): MetricSet {
  const due = p.due ?? p.res;
  return {
    reported: p.acc,
    accepted: p.acc,
    resolved: p.res,
    due,
    onTime: p.onTime ?? p.res,
    extended: 0,
    openNow: p.acc - p.res,
    overdueNow: p.overdue ?? 0,
    nearDueNow: 0,
    jointMeetingNow: 0,
    resolutionRate: rate(p.res, p.acc),
    onTimeRate: rate(p.onTime ?? p.res, due),
    localRate: rate(p.local ?? p.res, p.res),
    gridRate: rate(0, p.res),
    reworkRate: rate(p.rework ?? 0, p.res),
    satisfactionRate: rate(p.satN ?? 0, p.satD ?? 0),
    patrolShare: rate(0, p.acc),
    avgHandleHours: { value: null, total: 0, count: 0 },
  };
}

const cfg = defaultDomainConfig();

describe('scoreOf', () => {
  it('scales the remaining weights back to 1 when a rate is null', () => {
    // 10 accepted, 8 resolved, all on time and local, no satisfaction asked:
    // (0.3·0.8 + 0.3·1 + 0.2·1) / 0.8 = 0.925 → 92.5
    expect(scoreOf(m({ acc: 10, res: 8 }), 'x', cfg, false)).toBe(92.5);
  });

  it('deducts for the standing backlog, capped at 10 points, and adds a configured bonus', () => {
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1, overdue: 1 }), 'x', cfg, false)).toBe(90);
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1, overdue: 5 }), 'x', cfg, false)).toBe(90);
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1 }), 'x', { ...cfg, bonus: { x: 2.5 } }, false)).toBe(102.5);
  });

  it('uses 1 − reworkRate for departments', () => {
    // resolution 1, on time 1, 1 − 2/10 = 0.8, satisfaction 1 → 96
    expect(scoreOf(m({ acc: 10, res: 10, local: 0, rework: 2, satN: 1, satD: 1 }), 'd', cfg, true)).toBe(96);
  });

  it('does not rank a unit with fewer than minCases accepted cases', () => {
    expect(scoreOf(m({ acc: 4, res: 4 }), 'x', cfg, false)).toBeNull();
  });
});

describe('rankUnits', () => {
  it('flags red cards, lists unranked units (样本不足) after the ranked ones', () => {
    const rows = rankUnits(
      [
        { code: 'E', name: 'E', current: m({ acc: 3, res: 3 }), previous: m({ acc: 3, res: 3 }) },
        // resolution 0.2, on time 1/8, local 0, satisfaction 0 → 6 + 3.75 − 10 (capped) = −0.25
        {
          code: 'D',
          name: 'D',
          current: m({ acc: 10, res: 2, onTime: 1, due: 8, local: 0, satD: 1, overdue: 6 }),
          previous: m({ acc: 0, res: 0 }),
        },
        { code: 'A', name: 'A', current: m({ acc: 10, res: 10, satN: 1, satD: 1 }), previous: m({ acc: 0, res: 0 }) },
      ],
      cfg,
      false,
    );
    expect(rows.map((r) => [r.code, r.rank, r.score])).toEqual([
      ['A', 1, 100],
      ['D', 2, -0.25],
      ['E', null, null],
    ]);
    expect(rows[1].flags).toEqual(['red', 'last']);
    expect(rows.map((r) => r.change)).toEqual([null, null, null]);
  });

  it('gives equal scores the same rank and the next rank skips', () => {
    const same = m({ acc: 10, res: 9, satN: 1, satD: 1 });
    const rows = rankUnits(
      [
        { code: 'A', name: 'A', current: m({ acc: 10, res: 10, satN: 1, satD: 1 }), previous: same },
        { code: 'C', name: 'C', current: same, previous: same },
        { code: 'B', name: 'B', current: m({ acc: 20, res: 18, satN: 1, satD: 1 }), previous: same },
        // 0.3·0.5 + 0.3 + 0.2 + 0 → 65
        { code: 'D', name: 'D', current: m({ acc: 10, res: 5, satN: 0, satD: 1 }), previous: same },
      ],
      cfg,
      false,
    );
    expect(rows.map((r) => [r.code, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
    ]);
    // Everyone was rank 1 before (equal scores): change = 1 − rank now.
    expect(rows.map((r) => r.change)).toEqual([0, -1, -1, -3]);
    expect(rows.find((r) => r.code === 'D')!.flags).toEqual(['yellow', 'last']);
  });
});
