/**
 * ECharts option of a unit's rank over its last issued periods (weeks, months or quarters):
 * rank 1 at the top (the axis is inverted: a lower rank is better), periods the unit was not
 * ranked (样本不足) left as gaps, red/yellow periods marked, the selected period ringed. The
 * axis spans the largest group the unit was ranked in. Pure: unit-tested without a DOM.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { periodShortLabel } from '@gridwall/shared';
import type { RankHistoryView } from '@gridwall/shared';
import { WALL_COLORS } from '../../theme';

/** The option type of this widget. */
export type RankHistoryOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Axis label of a period: 48周, 11月, 四季度, 2026年. */
export function periodAxisLabel(kind: RankHistoryView['kind'], period: string): string {
  return periodShortLabel(kind, period).replace(/^第/, '');
}

/** A fresh option for `view` (null: empty axes); `selected` (a period key) is drawn larger. */
export function buildRankHistoryOption(
  view: RankHistoryView | null,
  selected: string | null = null,
): RankHistoryOption {
  const weeks = view?.points ?? [];
  // At least 1..2, so a group of one unit still draws a proper axis.
  const most = Math.max(2, ...weeks.map((w) => w.ranked));
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 400,
    grid: { left: 40, right: 20, top: 28, bottom: 28 },
    tooltip: { show: false },
    xAxis: {
      type: 'category',
      data: weeks.map((w) => periodAxisLabel(view?.kind ?? 'week', w.period)),
      axisLabel: { color: WALL_COLORS.text, fontSize: 14, hideOverlap: true },
      axisLine: { lineStyle: { color: WALL_COLORS.grid } },
    },
    yAxis: {
      type: 'value',
      inverse: true,
      min: 1,
      max: most,
      minInterval: 1,
      axisLabel: { color: WALL_COLORS.text, fontSize: 14 },
      splitLine: { lineStyle: { color: WALL_COLORS.grid } },
    },
    series: [
      {
        type: 'line',
        name: '名次',
        connectNulls: false,
        symbolSize: 12,
        lineStyle: { width: 3, color: WALL_COLORS.accent },
        label: { show: true, position: 'top', color: WALL_COLORS.bright, fontSize: 14 },
        data: weeks.map((w) => ({
          value: w.rank ?? '-',
          symbolSize: w.period === selected ? 20 : 12,
          itemStyle: {
            color: w.flags.includes('red')
              ? WALL_COLORS.alarm
              : w.flags.includes('yellow')
                ? WALL_COLORS.warn
                : WALL_COLORS.accent,
          },
        })),
      },
    ],
  };
}
