/**
 * ECharts option of the rate gauges: one gauge per rate (结案率, 按期结案率, 属地化解率, 满意率) in
 * a single chart, laid out in a grid. A rate over zero cases shows "—" on an empty ring. Pure.
 */
import type { GaugeSeriesOption } from 'echarts/charts';
import type { ComposeOption } from 'echarts/core';
import { WALL_COLORS } from '../../theme';

/** Keys of the four gauges. */
export type GaugeKey = 'closeRate' | 'onTimeRate' | 'localRate' | 'satisfactionRate';

/** One rate gauge. */
export interface Gauge {
  key: GaugeKey;
  label: string;
  /** Value in [0, 1]; null for a zero denominator. */
  value: number | null;
  /** e.g. 97.9% or —. */
  text: string;
  /** e.g. 结案 1,234 / 应结案 1,300. */
  parts: string;
  /** Numerator line, e.g. 结案 1,234. */
  numerator: string;
  /** Denominator line, e.g. 应结案 1,300. */
  denominator: string;
}

/** The option type of this widget. */
export type RateGaugesOption = ComposeOption<GaugeSeriesOption>;

/** Ring colour of a rate: green from 90%, amber from 75%, red below. */
export function gaugeColor(value: number | null): string {
  if (value === null) return WALL_COLORS.muted;
  if (value >= 0.9) return WALL_COLORS.good;
  if (value >= 0.75) return WALL_COLORS.warn;
  return WALL_COLORS.alarm;
}

/** Size of a gauge's figure, px, and of one of more than five characters ("100.0%"). */
export const GAUGE_FONT = 30;
export const GAUGE_FONT_LONG = 25;

/**
 * A fresh option for `gauges`, `columns` gauges a row, each ring in the upper part of its cell
 * (the cell's lower part carries the HTML label). `radius`: ECharts gauge radius (percent of
 * half the chart's smaller side).
 */
export function buildRateGaugesOption(gauges: readonly Gauge[], columns = 4, radius = '36%'): RateGaugesOption {
  const rows = Math.max(1, Math.ceil(gauges.length / columns));
  const series: GaugeSeriesOption[] = gauges.map((g, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const color = gaugeColor(g.value);
    return {
      type: 'gauge',
      name: g.label,
      center: [`${((col + 0.5) * 100) / columns}%`, `${((row + 0.4) * 100) / rows}%`],
      radius,
      startAngle: 220,
      endAngle: -40,
      min: 0,
      max: 100,
      progress: { show: true, width: 16, roundCap: true, itemStyle: { color, shadowColor: color, shadowBlur: 12 } },
      axisLine: { lineStyle: { width: 16, color: [[1, 'rgba(127, 156, 199, 0.18)']] } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { show: false },
      pointer: { show: false },
      anchor: { show: false },
      title: { show: false },
      detail: {
        valueAnimation: false,
        offsetCenter: [0, '4%'],
        // "100.0%" at the full size touches the ring: a longer text is set smaller.
        fontSize: g.text.length > 5 ? GAUGE_FONT_LONG : GAUGE_FONT,
        fontWeight: 700,
        color: WALL_COLORS.bright,
        formatter: () => g.text,
      },
      data: [{ value: g.value === null ? 0 : Math.round(g.value * 1000) / 10, name: g.label }],
    };
  });
  return { backgroundColor: 'transparent', animationDurationUpdate: 600, series };
}
