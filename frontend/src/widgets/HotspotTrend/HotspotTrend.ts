import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildHotspotTrendOption, type HotspotTrendInput } from './option';

use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

/** `<HotspotTrend :trend>`: one hotspot's last 24 hours against its usual count. */
export default defineChartWidget(
  'trend',
  (trend: HotspotTrendInput | null) => buildHotspotTrendOption(trend),
  'hotspot-trend',
);
