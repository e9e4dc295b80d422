import { describe, expect, it } from 'vitest';
import type { RankHistoryView } from '@gridwall/shared';
import { DISTRICT_GROUPS, overdueItem, rankHistoryPoint, rankingRow } from '../../testing/fixtures';
import {
  breakdownLines,
  groupNameOf,
  historyLines,
  overdueSplit,
  overdueText,
  pointOf,
  rankedWith,
  rankText,
  unitOf,
  unitRankingOf,
} from './districtView';

describe('unitRankingOf', () => {
  it('ranks a district in the city and a township in its district', () => {
    expect(unitRankingOf('410102', '410100')).toEqual({ tier: 'district', scope: '410100' });
    expect(unitRankingOf('410102001', '410100')).toEqual({ tier: 'township', scope: '410102' });
    expect(unitRankingOf('410100', '410100')).toBeNull();
    expect(unitRankingOf('410102001002', '410100')).toBeNull();
  });
});

describe('unitOf', () => {
  it('takes ?unit= when valid, else the district of the signed-in head', () => {
    expect(unitOf('?unit=410105', '410102')).toBe('410105');
    expect(unitOf('?unit=x', '410102')).toBe('410102');
    expect(unitOf('', null)).toBeNull();
  });
});

describe('rankText / rankedWith / groupNameOf', () => {
  it('shows the rank among the ranked units of its group, or 样本不足', () => {
    expect(rankText(rankingRow(3, { rank: 3 }), 12)).toBe('第 3 名 / 共 12 个');
    expect(rankText(rankingRow(3, { rank: 2 }), 6, '城区组')).toBe('第 2 名 / 城区组 6 个');
    expect(rankText(rankingRow(3, { rank: null }), 12)).toBe('样本不足');
  });

  it('counts the ranked units in the group of the row only', () => {
    const rows = [
      rankingRow(1, { group: 'urban' }),
      rankingRow(2, { group: 'urban' }),
      rankingRow(3, { group: 'urban', rank: null }),
      rankingRow(4, { group: 'county' }),
    ];
    expect(rankedWith(rows, rows[0])).toBe(2);
    expect(rankedWith(rows, rows[3])).toBe(1);
    expect(groupNameOf('county', DISTRICT_GROUPS)).toBe('县（市）组');
    expect(groupNameOf('other', [])).toBe('其他');
    expect(groupNameOf(undefined, DISTRICT_GROUPS)).toBe('');
  });
});

const history = (
  points = [rankHistoryPoint({ period: '2026-W47', rank: 3, change: null }), rankHistoryPoint()],
): RankHistoryView => ({
  tier: 'district',
  scope: '410100',
  code: '410102',
  name: '中原区',
  kind: 'week',
  points,
});

describe('historyLines', () => {
  it('lists the issued periods newest first, each rank within its group and the group size', () => {
    const sut = historyLines(history(), DISTRICT_GROUPS);
    expect(sut.map((l) => [l.period, l.label, l.rankText, l.scoreText, l.change.text])).toEqual([
      ['2026-W48', '2026年第48周', '第 2 名 / 城区组 6 个', '86.50', '↑1'],
      ['2026-W47', '2026年第47周', '第 3 名 / 城区组 6 个', '86.50', '新'],
    ]);
  });

  it('says 样本不足 with the due cases for a period the unit was not ranked in', () => {
    const point = rankHistoryPoint({ rank: null, score: null, group: undefined });
    point.breakdown = { ...point.breakdown, due: 3, score: null };
    expect(historyLines(history([point]))[0]).toMatchObject({ rankText: '样本不足（应结案 3 件）', scoreText: '—' });
  });
});

describe('pointOf', () => {
  it('finds the selected period, else the newest', () => {
    const view = history();
    expect(pointOf(view, '2026-W47')?.rank).toBe(3);
    expect(pointOf(view, null)?.period).toBe('2026-W48');
    expect(pointOf(null, null)).toBeNull();
  });
});

describe('breakdownLines', () => {
  it('takes the issued score apart: weight, value and points of each rate, 核减, 核加 and the total', () => {
    const sut = breakdownLines(rankHistoryPoint().breakdown, 'district');
    expect(sut.map((l) => [l.label, l.weight, l.value, l.points])).toEqual([
      ['结案率', '30%', '93.72%', '+28.12'],
      ['按期结案率', '30%', '75.82%', '+22.75'],
      ['属地化解率', '20%', '96.00%', '+19.20'],
      ['满意率', '20%', '90.00%', '+18.00'],
      ['核减：超期积压（上限 10 分）', '', '', '−1.57'],
      ['核加', '', '', '+0.00'],
      ['综合得分', '', '', '86.50'],
    ]);
  });

  it('shows the weight in force when a null rate left the sum, and 1 − 返工率 for departments', () => {
    const b = rankHistoryPoint().breakdown;
    const sut = breakdownLines(
      {
        ...b,
        parts: [
          { metric: 'closeRate', weight: 0.3, effectiveWeight: 0.375, value: 1, points: 37.5 },
          { metric: 'localRate', weight: 0.2, effectiveWeight: 0, value: null, points: 0 },
          { metric: 'resolutionRate', weight: 0, effectiveWeight: 0, value: 0.5, points: 0 },
        ],
      },
      'department',
    );
    expect(sut[0]).toMatchObject({ weight: '30%（实际 37.5%）', points: '+37.50' });
    expect(sut[1]).toMatchObject({ label: '无返工率（1 − 返工率）', value: '—（不计）', points: '—' });
    expect(sut.map((l) => l.key)).not.toContain('resolutionRate');
  });
});

describe('overdueSplit', () => {
  it('separates overdue from near-due cases', () => {
    const sut = overdueSplit([overdueItem(1, { state: 'red' }), overdueItem(2, { state: 'yellow' })]);
    expect(sut.red).toHaveLength(1);
    expect(sut.yellow).toHaveLength(1);
  });
});

describe('overdueText', () => {
  it('names a case by category and place', () => {
    expect(overdueText(overdueItem(1))).toBe('安全生产 · 中原区 › 林山寨街道 › 建设路社区 › 一组');
  });
});
