import { describe, expect, it } from 'vitest';
import { rate, stats } from '../../testing/fixtures';
import { buildResolutionCard, buildStatCards } from './liveView';

describe('buildStatCards', () => {
  it('shows the four headline counts with period labels, overdue in red', () => {
    const sut = buildStatCards(stats({ reported: 1234, resolved: 1000, openNow: 56, overdueNow: 7 }), 'day');

    expect(sut.map((c) => [c.key, c.label, c.text])).toEqual([
      ['reported', '今日上报', '1,234'],
      ['resolved', '今日办结', '1,000'],
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

describe('buildResolutionCard', () => {
  it('shows the rate with its numerator and denominator', () => {
    expect(buildResolutionCard(stats({ resolutionRate: rate(1000, 1234) }))).toEqual({
      label: '办结率',
      text: '81.0%',
      numerator: '1,000',
      denominator: '1,234',
    });
  });

  it('shows a dash when nothing was accepted', () => {
    const sut = buildResolutionCard(stats({ resolutionRate: rate(0, 0) }));

    expect(sut.text).toBe('—');
    expect(sut.denominator).toBe('0');
  });
});
