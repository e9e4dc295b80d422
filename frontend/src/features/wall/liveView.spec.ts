import { describe, expect, it } from 'vitest';
import { rate, stats } from '../../testing/fixtures';
import { buildCloseRateCard, buildStatCards } from './liveView';

describe('buildStatCards', () => {
  it('shows the four headline counts with period labels, overdue in red', () => {
    const sut = buildStatCards(stats({ reported: 1234, resolved: 1000, openNow: 56, overdueNow: 7 }), 'day');

    expect(sut.map((c) => [c.key, c.label, c.text])).toEqual([
      ['reported', '今日上报', '1,234'],
      ['resolved', '今日结案', '1,000'],
      ['openNow', '在办', '56'],
      ['overdueNow', '超期', '7'],
    ]);
    expect(sut.find((c) => c.key === 'overdueNow')?.tone).toBe('alarm');
  });

  it('labels by period and shows dashes before the first snapshot', () => {
    const sut = buildStatCards(null, 'week');

    expect(sut[0].label).toBe('本周上报');
    expect(sut.every((c) => c.text === '—' && c.value === null)).toBe(true);
  });
});

describe('buildCloseRateCard', () => {
  it('leads with 结案率 over 应结案 and shows 办结率 only as progress', () => {
    expect(buildCloseRateCard(stats({ closeRate: rate(911, 972), resolutionRate: rate(911, 996) }))).toEqual({
      label: '结案率',
      text: '93.72%',
      numerator: '911',
      denominator: '972',
      progress: '办结进度 91.5%（结案 911 / 立案 996）',
    });
  });

  it('shows a dash when nothing was due', () => {
    const sut = buildCloseRateCard(stats({ closeRate: rate(0, 0) }));

    expect(sut.text).toBe('—');
    expect(sut.denominator).toBe('0');
  });
});
