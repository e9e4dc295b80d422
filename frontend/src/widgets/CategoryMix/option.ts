/**
 * ECharts option of the category-mix widget: cases reported and resolved per category in the
 * period, as horizontal bars. Pure: unit-tested without a DOM.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CATEGORIES, CATEGORY_ZH } from '@gridwall/shared';
import type { Category, CategoryStats } from '@gridwall/shared';
import { FLOW_SERIES, legendChartFrame, WALL_COLORS } from '../../theme';

/** The option type of this widget: only the components it registers. */
export type CategoryMixOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption>;

/** One bar pair of the widget. */
export interface CategoryMixRow {
  category: Category;
  /** Chinese name of the category. */
  label: string;
  /** Cases reported in the period. */
  reported: number;
  /** Cases resolved in the period. */
  resolved: number;
}

/**
 * One row per category in the fixed order of {@link CATEGORIES} (bars never swap places on a
 * live screen); a category missing from the input shows as zero.
 */
export function categoryRows(categories: readonly CategoryStats[]): CategoryMixRow[] {
  const byCategory = new Map(categories.map((c) => [c.category, c]));
  return CATEGORIES.map((category) => {
    const stats = byCategory.get(category);
    return {
      category,
      label: CATEGORY_ZH[category],
      reported: stats?.reported ?? 0,
      resolved: stats?.resolved ?? 0,
    };
  });
}

/** A fresh option object for `categories`; the widget replaces the chart's option with it. */
export function buildCategoryOption(categories: readonly CategoryStats[]): CategoryMixOption {
  const rows = categoryRows(categories);
  const bar = (name: string, color: string, data: number[]) =>
    ({
      name,
      type: 'bar',
      barMaxWidth: 14,
      itemStyle: { color },
      label: { show: true, position: 'right', color: WALL_COLORS.text, fontSize: 14 },
      data,
    }) as const;
  return {
    ...legendChartFrame({ itemWidth: 14, itemHeight: 14 }),
    grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: WALL_COLORS.muted },
      splitLine: { lineStyle: { color: WALL_COLORS.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLabel: { color: WALL_COLORS.text, fontSize: 16 },
      axisLine: { lineStyle: { color: WALL_COLORS.grid } },
      axisTick: { show: false },
    },
    series: FLOW_SERIES.map((s) =>
      bar(
        s.name,
        s.color,
        rows.map((r) => r[s.key]),
      ),
    ),
  };
}
