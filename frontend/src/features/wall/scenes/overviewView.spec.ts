import { describe, expect, it } from 'vitest';
import { rate, stats } from '../../../testing/fixtures';
import { buildCounters, buildGauges, buildProgress } from './overviewView';

describe('buildCounters', () => {
  it('shows the period counts with today under them, and the standing figures', () => {
    const sut = buildCounters(
      stats({ reported: 5000, resolved: 4000, openNow: 300, overdueNow: 12, nearDueNow: 7, period: 'week' }),
      stats({ reported: 800, resolved: 650 }),
      'week',
    );

    expect(sut.map((c) => [c.key, c.label, c.value, c.sub])).toEqual([
      ['reported', '本周上报', 5000, '今日 800'],
      ['resolved', '本周结案', 4000, '今日 650'],
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
  it('leads with 结案率 and 按期结案率 over 应结案, each with its parts, — for zero cases', () => {
    const sut = buildGauges(
      stats({
        closeRate: rate(911, 972),
        onTimeRate: rate(737, 972),
        resolutionRate: rate(911, 996),
        satisfactionRate: rate(0, 0),
      }),
    );

    expect(sut.map((g) => g.label)).toEqual(['结案率', '按期结案率', '属地化解率', '满意率']);
    expect(sut[0]).toMatchObject({ text: '93.7%', numerator: '结案 911', denominator: '应结案 972', value: 911 / 972 });
    expect(sut[1]).toMatchObject({ numerator: '按期结案 737', denominator: '应结案 972' });
    expect(sut[3]).toMatchObject({ text: '—', value: null, numerator: '满意 0', denominator: '评价 0' });
  });
});

describe('buildProgress', () => {
  it('shows 办结率 as the progress of the cohort (结案 / 立案), not as a rate of its own', () => {
    expect(buildProgress(stats({ resolutionRate: rate(911, 996) }))).toEqual({
      label: '办结进度',
      text: '91.5%',
      share: 911 / 996,
      parts: '结案 911 / 立案 996',
    });
    expect(buildProgress(null)).toMatchObject({ text: '—', share: 0 });
  });
});
