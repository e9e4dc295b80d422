import { describe, expect, it } from 'vitest';
import type { MetricSet } from '@gridwall/shared';
import { defaultDomainConfig } from '../config/domain-config';
import { rankUnits, scoreBreakdown, scoreOf } from './ranking';
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
  ext?: number;
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
    closeRate: rate(p.res, due),
    onTimeRate: rate(p.onTime ?? p.res, due),
    localRate: rate(p.local ?? p.res, p.res),
    gridRate: rate(0, p.res),
    reworkRate: rate(p.rework ?? 0, p.res),
    satisfactionRate: rate(p.satN ?? 0, p.satD ?? 0),
    patrolShare: rate(0, p.acc),
    extendedRate: rate(p.ext ?? 0, p.acc),
    avgHandleHours: { value: null, total: 0, count: 0 },
  };
}

const cfg = defaultDomainConfig();
const plain = { department: false };

describe('scoreOf (v2: 结案率 over due cases)', () => {
  it('scores 结案率 over due cases, so cases not yet due cost nothing', () => {
    // 10 accepted, 8 resolved, none overdue: due = 8, 结案率 1, 按期 1, 属地 1, no satisfaction asked:
    // (0.3 + 0.3 + 0.2) / 0.8 = 1 → 100 (v1 scored 办结率 0.8 → 92.5).
    expect(scoreOf(m({ acc: 10, res: 8 }), 'x', cfg, false)).toBe(100);
    // Two of them overdue: due = 10, 结案率 0.8, 按期 0.8 → (0.24 + 0.24 + 0.2) / 0.8 = 85.
    expect(scoreOf(m({ acc: 10, res: 8, due: 10 }), 'x', cfg, false)).toBe(85);
  });

  it('deducts for the standing backlog, capped at 10 points, and adds a configured bonus', () => {
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1, overdue: 1 }), 'x', cfg, false)).toBe(90);
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1, overdue: 5 }), 'x', cfg, false)).toBe(90);
    expect(scoreOf(m({ acc: 10, res: 10, satN: 1, satD: 1 }), 'x', { ...cfg, bonus: { x: 2.5 } }, false)).toBe(102.5);
  });

  it('uses 1 − reworkRate for departments', () => {
    // 结案 1, on time 1, 1 − 2/10 = 0.8, satisfaction 1 → 96
    expect(scoreOf(m({ acc: 10, res: 10, local: 0, rework: 2, satN: 1, satD: 1 }), 'd', cfg, true)).toBe(96);
  });

  it('does not rank a unit with fewer than minCases due cases, however many were accepted', () => {
    expect(scoreOf(m({ acc: 40, res: 4 }), 'x', cfg, false)).toBeNull();
    expect(scoreOf(m({ acc: 5, res: 5 }), 'x', cfg, false)).toBe(100);
  });

  it('weighs any §5 rate; fewer-is-better rates count as 1 − rate', () => {
    const weights = { ...cfg.weights, closeRate: 0, onTimeRate: 0, localRate: 0, satisfactionRate: 0 };
    const only = (k: keyof typeof weights) => ({ ...cfg, weights: { ...weights, [k]: 1 } });
    const x = m({ acc: 10, res: 5, ext: 2, rework: 1 });
    expect(scoreOf(x, 'x', only('resolutionRate'), false)).toBe(50);
    expect(scoreOf(x, 'x', only('extendedRate'), false)).toBe(80);
    expect(scoreOf(x, 'x', only('reworkRate'), false)).toBe(80);
  });

  it('takes a score apart with the weights in force', () => {
    const b = scoreBreakdown(m({ acc: 10, res: 8, due: 10, overdue: 1 }), 'x', { ...cfg, bonus: { x: 1 } }, false);
    expect(b.parts.map((p) => [p.metric, p.weight, p.value])).toEqual([
      ['closeRate', 0.3, 0.8],
      ['onTimeRate', 0.3, 0.8],
      ['localRate', 0.2, 1],
      ['satisfactionRate', 0.2, null],
    ]);
    expect(b.parts.map((p) => Number(p.effectiveWeight.toFixed(9)))).toEqual([0.375, 0.375, 0.25, 0]);
    expect(b.deduction).toBe(10);
    const sum = b.parts.reduce((a, p) => a + p.points, 0);
    expect(b.score).toBe(Math.round((sum - b.deduction + b.bonus) * 100) / 100);
    expect(b.score).toBe(76);
  });
});

describe('rankUnits', () => {
  it('flags red cards, lists unranked units (样本不足) after the ranked ones', () => {
    const { rows } = rankUnits(
      [
        { code: 'E', name: 'E', current: m({ acc: 3, res: 3 }), previous: m({ acc: 3, res: 3 }) },
        // 结案 2/8, on time 1/8, local 0, satisfaction 0 → 7.5 + 3.75 − 10 (capped) = 1.25
        {
          code: 'D',
          name: 'D',
          current: m({ acc: 10, res: 2, onTime: 1, due: 8, local: 0, satD: 1, overdue: 6 }),
          previous: m({ acc: 0, res: 0 }),
        },
        { code: 'A', name: 'A', current: m({ acc: 10, res: 10, satN: 1, satD: 1 }), previous: m({ acc: 0, res: 0 }) },
      ],
      cfg,
      plain,
    );
    expect(rows.map((r) => [r.code, r.rank, r.score])).toEqual([
      ['A', 1, 100],
      ['D', 2, 1.25],
      ['E', null, null],
    ]);
    expect(rows[1].flags).toEqual(['red', 'last']);
    expect(rows[2].flags).toEqual([]);
    expect(rows.map((r) => r.change)).toEqual([null, null, null]);
  });

  it('gives equal scores the same rank and the next rank skips', () => {
    const same = m({ acc: 10, res: 9, due: 10, satN: 1, satD: 1 });
    const { rows } = rankUnits(
      [
        { code: 'A', name: 'A', current: m({ acc: 10, res: 10, satN: 1, satD: 1 }), previous: same },
        { code: 'C', name: 'C', current: same, previous: same },
        { code: 'B', name: 'B', current: m({ acc: 20, res: 18, due: 20, satN: 1, satD: 1 }), previous: same },
        // 0.3·0.5 + 0.3·0.5 + 0.2 + 0 → 50
        { code: 'D', name: 'D', current: m({ acc: 10, res: 5, due: 10, satN: 0, satD: 1 }), previous: same },
      ],
      cfg,
      plain,
    );
    expect(rows.map((r) => [r.code, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
    ]);
    // Everyone was rank 1 before (equal scores): change = 1 − rank now.
    expect(rows.map((r) => r.change)).toEqual([0, -1, -1, -3]);
    expect(rows.find((r) => r.code === 'D')!.flags).toEqual(['red', 'last']);
  });

  it('ranks each group apart (分组考核): ranks, 末位 and change per group; all = one list', () => {
    const groups = [
      { key: 'urban', name: '城区组', codes: ['A', 'B'] },
      { key: 'town', name: '乡镇组', nameEndsWith: ['镇'] },
    ];
    const units = [
      { code: 'A', name: 'A区', current: m({ acc: 10, res: 10 }) },
      { code: 'B', name: 'B区', current: m({ acc: 10, res: 8, due: 10 }) },
      { code: 'C', name: 'C镇', current: m({ acc: 10, res: 5, due: 10 }) },
      { code: 'D', name: 'D镇', current: m({ acc: 10, res: 9, due: 10 }) },
      { code: 'Z', name: '风景区', current: m({ acc: 10, res: 1, due: 10 }) },
    ];
    const grouped = rankUnits(units, cfg, {
      department: false,
      grouping: { groups },
      previousRanks: new Map([['D', 2]]),
    });
    expect(grouped.groups).toEqual([
      { key: 'urban', name: '城区组' },
      { key: 'town', name: '乡镇组' },
      { key: 'other', name: '其他' },
    ]);
    expect(grouped.rows.map((r) => [r.code, r.group, r.rank, r.flags.includes('last'), r.change])).toEqual([
      ['A', 'urban', 1, false, null],
      ['B', 'urban', 2, true, null],
      ['D', 'town', 1, false, 1],
      ['C', 'town', 2, true, null],
      ['Z', 'other', 1, true, null],
    ]);
    const all = rankUnits(units, cfg, { department: false, grouping: { groups, only: 'all' } });
    expect(all.groups).toBeUndefined();
    expect(all.rows.map((r) => [r.code, r.rank, r.group])).toEqual([
      ['A', 1, undefined],
      ['D', 2, undefined],
      ['B', 3, undefined],
      ['C', 4, undefined],
      ['Z', 5, undefined],
    ]);
    const town = rankUnits(units, cfg, { department: false, grouping: { groups, only: 'town' } });
    expect(town.rows.map((r) => r.code)).toEqual(['D', 'C']);
  });
});
