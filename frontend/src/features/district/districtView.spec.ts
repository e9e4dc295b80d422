import { describe, expect, it } from 'vitest';
import { overdueItem, rankingRow, rate } from '../../testing/fixtures';
import { historyPath, overdueSplit, overdueText, rankText, scoreParts, unitOf, unitRankingOf } from './districtView';

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

/** A row from its four rates as [done, of], its overdue backlog, accepted cases and score. */
function scored(
  rates: Record<'done' | 'onTime' | 'local' | 'satisfied', [number, number]>,
  overdueNow: number,
  accepted: number,
  score: number,
) {
  const [resolutionRate, onTimeRate, localRate, satisfactionRate] = [
    rates.done,
    rates.onTime,
    rates.local,
    rates.satisfied,
  ].map(([done, of]) => rate(done, of));
  return rankingRow(1, { resolutionRate, onTimeRate, localRate, satisfactionRate, overdueNow, accepted, score });
}

describe('scoreParts', () => {
  it('adds the weighted rates, takes off the overdue backlog and shows what remains as 核加', () => {
    const row = scored({ done: [9, 10], onTime: [8, 10], local: [5, 10], satisfied: [10, 10] }, 1, 20, 75);
    const sut = scoreParts(row);
    expect(sut.map((p) => p.points)).toEqual(['+27.00', '+24.00', '+10.00', '+20.00', '−5.00', '−1.00']);
    expect(sut[0].detail).toBe('9 / 10');
    expect(sut[4].kind).toBe('deduction');
  });

  it('drops a rate over zero cases and scales the others back to 100, capping the deduction at 10', () => {
    const row = scored({ done: [10, 10], onTime: [10, 10], local: [0, 0], satisfied: [10, 10] }, 50, 10, 90);
    const sut = scoreParts(row);
    expect(sut[2].points).toBe('—');
    expect(sut[0].points).toBe('+37.50');
    expect(sut[4].points).toBe('−10.00');
    expect(sut).toHaveLength(5);
  });
});

describe('rankText', () => {
  it('shows the rank among the ranked units, or 样本不足', () => {
    expect(rankText(rankingRow(3, { rank: 3 }), 12)).toBe('第 3 名 / 共 12 个');
    expect(rankText(rankingRow(3, { rank: null }), 12)).toBe('样本不足');
  });
});

describe('overdueSplit', () => {
  it('separates overdue from near-due cases', () => {
    const sut = overdueSplit([overdueItem(1, { state: 'red' }), overdueItem(2, { state: 'yellow' })]);
    expect(sut.red).toHaveLength(1);
    expect(sut.yellow).toHaveLength(1);
  });
});

describe('historyPath / overdueText', () => {
  it('reads twelve weeks of the unit in its ranking, and names a case by category and place', () => {
    expect(historyPath({ tier: 'district', scope: '410100' }, '410102')).toBe(
      '/api/rankings/history?tier=district&scope=410100&code=410102&weeks=12',
    );
    expect(historyPath(null, '410102')).toBeNull();
    expect(overdueText(overdueItem(1))).toBe('安全生产 · 中原区 / 林山寨街道 / 建设路社区 / 一组');
  });
});
