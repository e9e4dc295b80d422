/**
 * ECharts option of the category mix as a ring: cases reported per category in the period,
 * with each category's count and share in the legend. Pure: unit-tested without a DOM.
 */
import type { PieSeriesOption } from 'echarts/charts';
import type { LegendComponentOption, TitleComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { CategoryStats } from '@gridwall/shared';
import { SERIES_PALETTE, WALL_COLORS } from '../../theme';
import { formatCount } from '../../utils/format';
import { categoryRows } from '../CategoryMix/option';

/** The option type of this widget. */
export type CategoryRingOption = ComposeOption<PieSeriesOption | LegendComponentOption | TitleComponentOption>;

/** A fresh option for `categories`. */
export function buildCategoryRingOption(categories: readonly CategoryStats[]): CategoryRingOption {
  const rows = categoryRows(categories);
  const total = rows.reduce((sum, r) => sum + r.reported, 0);
  const byLabel = new Map(rows.map((r) => [r.label, r.reported]));
  const share = (n: number): string => (total > 0 ? `${((n * 100) / total).toFixed(1)}%` : '—');
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 300,
    color: [...SERIES_PALETTE],
    title: {
      text: formatCount(total),
      subtext: '上报总数',
      left: '22%',
      top: '41%',
      textAlign: 'center',
      itemGap: 4,
      textStyle: { color: WALL_COLORS.bright, fontSize: 22, fontWeight: 700 },
      subtextStyle: { color: WALL_COLORS.muted, fontSize: 14 },
    },
    legend: {
      orient: 'vertical',
      left: '44%',
      top: 'middle',
      itemWidth: 12,
      itemHeight: 12,
      itemGap: 11,
      icon: 'roundRect',
      data: rows.map((r) => r.label),
      formatter: (name: string) => {
        const n = byLabel.get(name) ?? 0;
        return `{name|${name}}{value|${formatCount(n)}}{share|${share(n)}}`;
      },
      textStyle: {
        color: WALL_COLORS.text,
        fontSize: 16,
        rich: {
          name: { width: 96, fontSize: 16, color: WALL_COLORS.text },
          value: { width: 58, align: 'right', fontSize: 16, fontWeight: 700, color: WALL_COLORS.bright },
          share: { width: 48, align: 'right', fontSize: 13, color: WALL_COLORS.muted },
        },
      },
    },
    series: [
      {
        type: 'pie',
        name: '问题类别',
        center: ['22%', '50%'],
        radius: ['35%', '52%'],
        avoidLabelOverlap: true,
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: WALL_COLORS.background, borderWidth: 2 },
        data: rows.map((r) => ({ name: r.label, value: r.reported })),
      },
    ],
  };
}
