import { describe, expect, it } from 'vitest';
import { seriesOf } from '../../testing/chartSeries';
import { CATEGORIES, CATEGORY_ZH } from '@gridwall/shared';
import { categoryStats } from '../../testing/fixtures';
import { buildCategoryOption, categoryRows } from './option';

describe('categoryRows', () => {
  it('lists every category in the fixed order, whatever the input order, zero when missing', () => {
    const sut = categoryRows([
      categoryStats('urban_management', { reported: 9, resolved: 4 }),
      categoryStats('illegal_production', { reported: 2, resolved: 1 }),
    ]);

    expect(sut.map((r) => r.category)).toEqual([...CATEGORIES]);
    expect(sut[0]).toEqual({
      category: 'illegal_production',
      label: '非法生产',
      reported: 2,
      resolved: 1,
    });
    expect(sut.at(-1)).toMatchObject({ label: '城市管理', reported: 9, resolved: 4 });
    expect(sut[3]).toMatchObject({ category: 'work_safety', reported: 0, resolved: 0 });
  });
});

describe('buildCategoryOption', () => {
  it('labels the axis in Chinese and plots reported and resolved per category', () => {
    const sut = buildCategoryOption([categoryStats('work_safety', { reported: 5, resolved: 3 })]);

    const yAxis = sut.yAxis as { type: string; data: string[] };
    const series = seriesOf(sut);
    expect(yAxis.type).toBe('category');
    expect(yAxis.data).toEqual(CATEGORIES.map((c) => CATEGORY_ZH[c]));
    expect(series.map((s) => [s.name, s.type])).toEqual([
      ['上报', 'bar'],
      ['办结', 'bar'],
    ]);
    const i = CATEGORIES.indexOf('work_safety');
    expect(series[0].data[i]).toBe(5);
    expect(series[1].data[i]).toBe(3);
    expect(series[0].data.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('draws an empty room as zero bars rather than failing', () => {
    const series = seriesOf(buildCategoryOption([]));

    expect(series[0].data).toEqual(CATEGORIES.map(() => 0));
  });

  it('returns a new object each time so the chart gets its option replaced, not mutated', () => {
    const input = [categoryStats('work_safety', { reported: 1 })];

    const first = buildCategoryOption(input);
    const second = buildCategoryOption(input);

    expect(second).not.toBe(first);
    expect(second.series).not.toBe(first.series);
    expect(second).toEqual(first);
  });
});
