/**
 * ECharts option of the trend: cases reported and resolved per hour of today (or per day of the
 * period), as two lines with a soft area. Pure: unit-tested without a DOM.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { graphic } from 'echarts/core';
import type { TrendView } from '@gridwall/shared';
import { FLOW_SERIES, legendChartFrame, WALL_COLORS } from '../../theme';

/** The option type of this widget. */
export type TrendOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption>;

/** Axis label of a bucket: `9时` for hours, `11/21` for days. */
export function bucketLabel(start: string, granularity: TrendView['granularity']): string {
  // start is ISO in city time: 2026-11-21T09:00:00.000+08:00
  if (granularity === 'hour') return `${Number(start.slice(11, 13))}时`;
  return `${Number(start.slice(5, 7))}/${Number(start.slice(8, 10))}`;
}

function area(color: string): InstanceType<typeof graphic.LinearGradient> {
  return new graphic.LinearGradient(0, 0, 0, 1, [
    { offset: 0, color: `${color}66` },
    { offset: 1, color: `${color}00` },
  ]);
}

/** A fresh option for `trend` (null: empty axes). */
export function buildTrendOption(trend: TrendView | null): TrendOption {
  const buckets = trend?.buckets ?? [];
  const granularity = trend?.granularity ?? 'hour';
  const line = (name: string, color: string, data: number[]): LineSeriesOption => ({
    name,
    type: 'line',
    smooth: true,
    symbol: 'circle',
    symbolSize: 6,
    showSymbol: false,
    lineStyle: { width: 3, color },
    itemStyle: { color },
    areaStyle: { color: area(color) },
    data,
  });
  return {
    ...legendChartFrame({ itemWidth: 18, itemHeight: 10 }),
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: buckets.map((b) => bucketLabel(b.start, granularity)),
      axisLabel: { color: WALL_COLORS.muted, fontSize: 14 },
      axisLine: { lineStyle: { color: WALL_COLORS.grid } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: WALL_COLORS.muted, fontSize: 14 },
      splitLine: { lineStyle: { color: WALL_COLORS.grid } },
    },
    series: FLOW_SERIES.map((s) =>
      line(
        s.name,
        s.color,
        buckets.map((b) => b[s.key]),
      ),
    ),
  };
}
