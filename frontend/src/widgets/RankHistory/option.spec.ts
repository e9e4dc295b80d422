import { describe, expect, it } from 'vitest';
import type { RankHistoryView } from '@gridwall/shared';
import { WALL_COLORS } from '../../theme';
import { buildRankHistoryOption, weekLabel } from './option';

const view: RankHistoryView = {
  tier: 'district',
  scope: '410100',
  code: '410102',
  name: '中原区',
  weeks: [
    {
      from: '2026-11-02T00:00:00.000+08:00',
      to: '2026-11-09T00:00:00.000+08:00',
      rank: 3,
      score: 82,
      ranked: 12,
      flags: [],
    },
    {
      from: '2026-11-09T00:00:00.000+08:00',
      to: '2026-11-16T00:00:00.000+08:00',
      rank: null,
      score: null,
      ranked: 11,
      flags: [],
    },
    {
      from: '2026-11-16T00:00:00.000+08:00',
      to: '2026-11-23T00:00:00.000+08:00',
      rank: 9,
      score: 70,
      ranked: 12,
      flags: ['yellow'],
    },
  ],
};

describe('buildRankHistoryOption', () => {
  it('puts rank 1 at the top, spans the ranked units and leaves unranked weeks as gaps', () => {
    const sut = buildRankHistoryOption(view);
    const y = sut.yAxis as { inverse: boolean; min: number; max: number };
    expect(y).toMatchObject({ inverse: true, min: 1, max: 12 });
    const series = (sut.series as { data: { value: number | string; itemStyle: { color: string } }[] }[])[0];
    expect(series.data.map((d) => d.value)).toEqual([3, '-', 9]);
    expect(series.data[2].itemStyle.color).toBe(WALL_COLORS.warn);
    expect((sut.xAxis as { data: string[] }).data).toEqual(['11/2', '11/9', '11/16']);
  });

  it('draws empty axes without data, from rank 1 to 2 at least', () => {
    const sut = buildRankHistoryOption(null);
    expect((sut.series as { data: unknown[] }[])[0].data).toEqual([]);
    expect(sut.yAxis).toMatchObject({ min: 1, max: 2 });
  });
});

describe('weekLabel', () => {
  it('labels a week by its Monday', () => {
    expect(weekLabel('2026-11-16T00:00:00.000+08:00')).toBe('11/16');
  });
});
