/**
 * ECharts option of one hotspot's trend: the reports of its unit × category in each of the last
 * 24 hours (bars) against the usual count of each hour (a dashed line). The hour still running
 * is drawn hollow and labelled 进行中, so a count that is still growing does not read as a drop.
 * Pure: unit-tested without a DOM.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CITY_UTC_OFFSET_MS, HOUR_MS } from '@gridwall/shared';
import { legendChartFrame, WALL_COLORS } from '../../theme';

/** The option type of this widget. */
export type HotspotTrendOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption
>;

/** Input of {@link buildHotspotTrendOption}. */
export interface HotspotTrendInput {
  /** Start of the first hour (ISO-8601 with offset). */
  from: string;
  /** Reports per hour, oldest first. */
  hourly: readonly number[];
  /** Usual count of each hour, oldest first. */
  expected: readonly number[];
  /** Now (epoch ms): the hour holding it is the running one. */
  now: number;
  /**
   * Axis font size, px.
   * @default 14
   */
  fontSize?: number;
}

/** Series names. */
export const HOTSPOT_TREND_SERIES = { reported: '上报', expected: '常态' } as const;

/** Index of the hour still running (holding `now`), or -1 when none of them does. */
export function runningHourIndex(from: number, count: number, now: number): number {
  const i = Math.floor((now - from) / HOUR_MS);
  return i >= 0 && i < count ? i : -1;
}

/** A fresh option for one hotspot's trend (null: empty axes). */
export function buildHotspotTrendOption(input: HotspotTrendInput | null): HotspotTrendOption {
  const fontSize = input?.fontSize ?? 14;
  const from = input ? Date.parse(input.from) : Number.NaN;
  const hourly = input?.hourly ?? [];
  const running = input && Number.isFinite(from) ? runningHourIndex(from, hourly.length, input.now) : -1;
  const labels = hourly.map((_, i) =>
    Number.isFinite(from) ? `${new Date(from + i * HOUR_MS + CITY_UTC_OFFSET_MS).getUTCHours()}时` : '',
  );
  const color = WALL_COLORS.alarm;
  return {
    ...legendChartFrame({ itemWidth: 16, itemHeight: 10 }),
    grid: { left: 4, right: 12, top: 30, bottom: 2, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { color: WALL_COLORS.muted, fontSize, interval: 5, hideOverlap: true },
      axisLine: { lineStyle: { color: WALL_COLORS.grid } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: WALL_COLORS.muted, fontSize },
      splitLine: { lineStyle: { color: WALL_COLORS.grid } },
    },
    series: [
      {
        name: HOTSPOT_TREND_SERIES.reported,
        type: 'bar',
        barWidth: '62%',
        itemStyle: { color, borderRadius: [3, 3, 0, 0] },
        data: hourly.map((v, i) =>
          i === running
            ? {
                value: v,
                itemStyle: {
                  color: 'rgba(255, 77, 94, 0.15)',
                  borderColor: color,
                  borderWidth: 2,
                  borderType: 'dashed',
                },
                label: { show: true, position: 'top', color: WALL_COLORS.muted, fontSize, formatter: '进行中' },
              }
            : v,
        ),
      },
      {
        name: HOTSPOT_TREND_SERIES.expected,
        type: 'line',
        step: 'middle',
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: WALL_COLORS.cyan },
        itemStyle: { color: WALL_COLORS.cyan },
        data: (input?.expected ?? []).map((v) => Math.round(v * 10) / 10),
      },
    ],
  };
}
