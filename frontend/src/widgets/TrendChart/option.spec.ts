import { describe, expect, it } from 'vitest';
import { seriesOf } from '../../testing/chartSeries';
import { bucketLabel, buildTrendOption } from './option';

describe('buildTrendOption', () => {
  it('plots reported and resolved per hour of today', () => {
    const sut = buildTrendOption({
      granularity: 'hour',
      buckets: [
        { start: '2026-11-21T00:00:00.000+08:00', reported: 3, resolved: 1 },
        { start: '2026-11-21T01:00:00.000+08:00', reported: 5, resolved: 4 },
      ],
    });

    expect((sut.xAxis as { data: string[] }).data).toEqual(['0时', '1时']);
    expect(seriesOf(sut).map((s) => [s.name, s.type, s.data])).toEqual([
      ['上报', 'line', [3, 5]],
      ['办结', 'line', [1, 4]],
    ]);
  });

  it('draws empty axes before the first snapshot', () => {
    expect(seriesOf(buildTrendOption(null))[0].data).toEqual([]);
  });
});

describe('bucketLabel', () => {
  it('labels days as month/day', () => {
    expect(bucketLabel('2026-11-09T00:00:00.000+08:00', 'day')).toBe('11/9');
  });
});
