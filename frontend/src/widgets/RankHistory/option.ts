/**
 * ECharts option of a unit's weekly rank over the last weeks: rank 1 at the top (the axis is
 * inverted: a lower rank is better), weeks the unit was not ranked (样本不足) left as gaps, and
 * red/yellow weeks marked. Pure: unit-tested without a DOM.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { RankHistoryView } from '@gridwall/shared';
import { WALL_COLORS } from '../../theme';

/** The option type of this widget. */
export type RankHistoryOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Axis label of a week: its Monday, "11/16". */
export function weekLabel(from: string): string {
  return `${Number(from.slice(5, 7))}/${Number(from.slice(8, 10))}`;
}

/** A fresh option for `view` (null: empty axes). */
export function buildRankHistoryOption(view: RankHistoryView | null): RankHistoryOption {
  const weeks = view?.weeks ?? [];
  // At least 1..2, so a tier of one unit still draws a proper axis.
  const most = Math.max(2, ...weeks.map((w) => w.ranked));
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 400,
    grid: { left: 40, right: 20, top: 28, bottom: 28 },
    tooltip: { show: false },
    xAxis: {
      type: 'category',
      data: weeks.map((w) => weekLabel(w.from)),
      axisLabel: { color: WALL_COLORS.text, fontSize: 14 },
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
