/**
 * ECharts option of the trend: cases reported and resolved per hour of today (or per day of the
 * period), as two lines with a soft area. Pure: unit-tested without a DOM.
 */
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { graphic } from 'echarts/core';
import { DAY_MS, HOUR_MS, type TrendView } from '@gridwall/shared';
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

/** Length of a bucket, ms. */
const GRAIN_MS = { hour: HOUR_MS, day: DAY_MS } as const;

/**
 * Index of the bucket still running at `now` (its count still growing), or -1: the last bucket
 * when `now` lies inside it.
 */
export function runningBucketIndex(trend: TrendView | null, now: number | undefined): number {
  const buckets = trend?.buckets ?? [];
  if (now === undefined || buckets.length === 0) return -1;
  const i = buckets.length - 1;
  const start = Date.parse(buckets[i].start);
  // Days are city days: 24 h is their length except at no DST (the city has none).
  return start <= now && now < start + GRAIN_MS[trend!.granularity] ? i : -1;
}

/** Label of the running bucket's point. */
export const RUNNING_LABEL = '进行中';

/**
 * A fresh option for `trend` (null: empty axes). The bucket still running at `now` is drawn as
 * a dashed segment to a hollow, labelled point, so the line does not seem to dive at the right
 * edge while the hour (or day) is not over.
 */
export function buildTrendOption(trend: TrendView | null, now?: number): TrendOption {
  const buckets = trend?.buckets ?? [];
  const granularity = trend?.granularity ?? 'hour';
  const running = runningBucketIndex(trend, now);
  const line = (name: string, color: string, data: (number | '-')[]): LineSeriesOption => ({
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
  /** The running bucket's part: a dashed segment from the last full bucket to a hollow point. */
  const partial = (name: string, color: string, values: number[]): LineSeriesOption => ({
    name,
    type: 'line',
    symbol: 'emptyCircle',
    symbolSize: 10,
    showSymbol: true,
    lineStyle: { width: 2, type: 'dashed', color },
    itemStyle: { color, borderColor: color, borderWidth: 2 },
    data: values.map((v, i) =>
      i === running
        ? {
            value: v,
            label: {
              show: name === FLOW_SERIES[0].name,
              formatter: RUNNING_LABEL,
              // Ends at the point: the last point sits on the chart's right edge.
              position: 'top',
              align: 'right',
              color: WALL_COLORS.muted,
              fontSize: 14,
            },
          }
        : i === running - 1
          ? { value: v, symbol: 'none' }
          : '-',
    ) as LineSeriesOption['data'],
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
    series: [
      ...FLOW_SERIES.map((s) =>
        line(
          s.name,
          s.color,
          buckets.map((b, i) => (i === running ? '-' : b[s.key])),
        ),
      ),
      ...(running >= 0
        ? FLOW_SERIES.map((s) =>
            partial(
              s.name,
              s.color,
              buckets.map((b) => b[s.key]),
            ),
          )
        : []),
    ],
  };
}
