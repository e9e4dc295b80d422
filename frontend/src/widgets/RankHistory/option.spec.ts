import { describe, expect, it } from 'vitest';
import type { RankHistoryView } from '@gridwall/shared';
import { rankHistoryPoint } from '../../testing/fixtures';
import { WALL_COLORS } from '../../theme';
import { buildRankHistoryOption, periodAxisLabel } from './option';

const view: RankHistoryView = {
  tier: 'district',
  scope: '410100',
  code: '410102',
  name: '中原区',
  kind: 'week',
  points: [
    rankHistoryPoint({ period: '2026-W46', rank: 3, ranked: 6 }),
    rankHistoryPoint({ period: '2026-W47', rank: null, score: null, ranked: 5 }),
    rankHistoryPoint({ period: '2026-W48', rank: 5, ranked: 6, flags: ['yellow'] }),
  ],
};

describe('buildRankHistoryOption', () => {
  it('puts rank 1 at the top, spans the largest group and leaves unranked periods as gaps', () => {
    const sut = buildRankHistoryOption(view, '2026-W48');
    const y = sut.yAxis as { inverse: boolean; min: number; max: number };
    expect(y).toMatchObject({ inverse: true, min: 1, max: 6 });
    const series = (
      sut.series as { data: { value: number | string; symbolSize: number; itemStyle: { color: string } }[] }[]
    )[0];
    expect(series.data.map((d) => d.value)).toEqual([3, '-', 5]);
    expect(series.data[2].itemStyle.color).toBe(WALL_COLORS.warn);
    expect(series.data.map((d) => d.symbolSize)).toEqual([12, 12, 20]);
    expect((sut.xAxis as { data: string[] }).data).toEqual(['46周', '47周', '48周']);
  });

  it('draws empty axes without data, from rank 1 to 2 at least', () => {
    const sut = buildRankHistoryOption(null);
    expect((sut.series as { data: unknown[] }[])[0].data).toEqual([]);
    expect(sut.yAxis).toMatchObject({ min: 1, max: 2 });
  });
});

describe('periodAxisLabel', () => {
  it('names weeks, months and quarters briefly', () => {
    expect(periodAxisLabel('week', '2026-W48')).toBe('48周');
    expect(periodAxisLabel('month', '2026-11')).toBe('11月');
    expect(periodAxisLabel('quarter', '2026-Q4')).toBe('四季度');
  });
});
