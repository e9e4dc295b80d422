import { describe, expect, it } from 'vitest';
import { seriesOf } from '../../testing/chartSeries';
import { bucketLabel, buildTrendOption, runningBucketIndex, RUNNING_LABEL } from './option';

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

describe('buildTrendOption at a moment inside the last bucket', () => {
  const trend = {
    granularity: 'hour' as const,
    buckets: [
      { start: '2026-11-21T08:00:00.000+08:00', reported: 30, resolved: 10 },
      { start: '2026-11-21T09:00:00.000+08:00', reported: 32, resolved: 12 },
      { start: '2026-11-21T10:00:00.000+08:00', reported: 4, resolved: 1 },
    ],
  };
  const now = Date.parse('2026-11-21T10:05:00+08:00');

  it('draws the running hour as a dashed, hollow, labelled point instead of a dive of the line', () => {
    const series = buildTrendOption(trend, now).series as {
      name: string;
      lineStyle: { type?: string };
      data: unknown[];
    }[];

    expect(series.map((s) => s.name)).toEqual(['上报', '办结', '上报', '办结']);
    expect(series[0].data).toEqual([30, 32, '-']);
    expect(series[2].lineStyle.type).toBe('dashed');
    expect(series[2].data[0]).toBe('-');
    expect(series[2].data[1]).toMatchObject({ value: 32 });
    expect(series[2].data[2]).toMatchObject({ value: 4, label: { formatter: RUNNING_LABEL } });
  });

  it('draws a finished last bucket as it is', () => {
    expect(runningBucketIndex(trend, Date.parse('2026-11-21T11:00:00+08:00'))).toBe(-1);
    expect(runningBucketIndex(trend, undefined)).toBe(-1);
    expect(seriesOf(buildTrendOption(trend, Date.parse('2026-11-21T11:00:00+08:00')))).toHaveLength(2);
  });
});
