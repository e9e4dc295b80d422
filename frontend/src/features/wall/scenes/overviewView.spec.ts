import { describe, expect, it } from 'vitest';
import { rate, stats } from '../../../testing/fixtures';
import { buildCounters, buildGauges } from './overviewView';

describe('buildCounters', () => {
  it('shows the period counts with today under them, and the standing figures', () => {
    const sut = buildCounters(
      stats({ reported: 5000, resolved: 4000, openNow: 300, overdueNow: 12, nearDueNow: 7, period: 'week' }),
      stats({ reported: 800, resolved: 650 }),
      'week',
    );

    expect(sut.map((c) => [c.key, c.label, c.value, c.sub])).toEqual([
      ['reported', '本周上报', 5000, '今日 800'],
      ['resolved', '本周办结', 4000, '今日 650'],
      ['openNow', '当前在办', 300, '临期 7'],
      ['overdueNow', '当前超期', 12, '联席待议 0'],
    ]);
  });

  it('has no value before the first snapshot and no today line for the day itself', () => {
    expect(buildCounters(null, null, 'week').every((c) => c.value === null)).toBe(true);
    expect(buildCounters(stats(), stats(), 'day')[0].sub).toBe('');
  });
});

describe('buildGauges', () => {
  it('shows each rate with its numerator and denominator, — for zero cases', () => {
    const sut = buildGauges(stats({ resolutionRate: rate(979, 1000), satisfactionRate: rate(0, 0) }));

    expect(sut.map((g) => g.label)).toEqual(['办结率', '按期办结率', '属地化解率', '满意率']);
    expect(sut[0]).toMatchObject({ text: '97.9%', numerator: '办结 979', denominator: '立案 1,000', value: 0.979 });
    expect(sut[3]).toMatchObject({ text: '—', value: null, numerator: '满意 0', denominator: '评价 0' });
  });
});
