import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import type { TrendView } from '@gridwall/shared';
import { buildTrendOption } from './option';

use([LineChart, GridComponent, LegendComponent, CanvasRenderer]);

/** What the trend chart draws: the trend (null before the first snapshot) at `now` (epoch ms). */
export interface TrendChartInput {
  trend: TrendView | null;
  /** The wall clock (or a replay's moment): the bucket holding it is drawn as running. */
  now?: number;
}

/** `<TrendChart :input>`: hourly (today) or daily buckets, the running one drawn as partial. */
export default defineChartWidget(
  'input',
  (input: TrendChartInput) => buildTrendOption(input.trend, input.now),
  'trend-chart',
);
