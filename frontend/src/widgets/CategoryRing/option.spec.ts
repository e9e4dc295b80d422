import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_ZH } from '@gridwall/shared';
import { categoryStats } from '../../testing/fixtures';
import { buildCategoryRingOption } from './option';

interface PieSeries {
  type: string;
  data: { name: string; value: number }[];
}

describe('buildCategoryRingOption', () => {
  it('shows every category in fixed order with the total in the middle and shares in the legend', () => {
    const sut = buildCategoryRingOption([
      categoryStats('work_safety', { reported: 30 }),
      categoryStats('illegal_business', { reported: 10 }),
    ]);

    const series = sut.series as PieSeries[];
    expect(series[0].data.map((d) => d.name)).toEqual(CATEGORIES.map((c) => CATEGORY_ZH[c]));
    expect(series[0].data.find((d) => d.name === '安全生产')?.value).toBe(30);
    expect((sut.title as { text: string }).text).toBe('40');
    const formatter = (sut.legend as { formatter: (n: string) => string }).formatter;
    expect(formatter('安全生产')).toBe('{name|安全生产}{value|30}{share|75.0%}');
  });

  it('shows — for shares of an empty room', () => {
    const formatter = (buildCategoryRingOption([]).legend as { formatter: (n: string) => string }).formatter;

    expect(formatter('安全生产')).toContain('{share|—}');
  });
});
