import { describe, expect, it } from 'vitest';
import { buildHotspotTrendOption, runningHourIndex } from './option';

const FROM = '2026-11-24T16:00:00.000+08:00';

describe('buildHotspotTrendOption', () => {
  const input = {
    from: FROM,
    hourly: [...Array<number>(22).fill(0), 5, 9],
    expected: Array<number>(24).fill(0.13),
    now: Date.parse('2026-11-25T15:20:00+08:00'),
  };

  it('plots the hourly reports as bars against the usual count, labelled by city hour', () => {
    const sut = buildHotspotTrendOption(input);
    const series = sut.series as { name: string; type: string; data: unknown[] }[];

    expect((sut.xAxis as { data: string[] }).data.slice(0, 3)).toEqual(['16时', '17时', '18时']);
    expect(series.map((s) => [s.name, s.type])).toEqual([
      ['上报', 'bar'],
      ['常态', 'line'],
    ]);
    expect(series[1].data[0]).toBe(0.1);
    expect(series[0].data[22]).toBe(5);
  });

  it('draws the running hour hollow and labelled, not as a finished count', () => {
    const bars = (buildHotspotTrendOption(input).series as { data: unknown[] }[])[0].data;

    expect(bars[23]).toMatchObject({ value: 9, label: { formatter: '进行中' } });
    expect(bars[22]).toBe(5);
  });

  it('draws empty axes without a hotspot', () => {
    expect((buildHotspotTrendOption(null).series as { data: unknown[] }[])[0].data).toEqual([]);
  });
});

describe('runningHourIndex', () => {
  it('is the hour holding now, or -1', () => {
    const from = Date.parse(FROM);
    expect(runningHourIndex(from, 24, from + 23.5 * 3600_000)).toBe(23);
    expect(runningHourIndex(from, 24, from + 24 * 3600_000)).toBe(-1);
    expect(runningHourIndex(from, 24, from - 1)).toBe(-1);
  });
});
