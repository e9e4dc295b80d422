import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildTrendOption } from './option';

use([LineChart, GridComponent, LegendComponent, CanvasRenderer]);

/** `<TrendChart :trend>`: hourly (today) or daily buckets, null before the first snapshot. */
export default defineChartWidget('trend', buildTrendOption, 'trend-chart');
