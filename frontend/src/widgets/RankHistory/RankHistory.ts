import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildRankHistoryOption } from './option';

use([LineChart, GridComponent, CanvasRenderer]);

/** `<RankHistory :history>`: the unit's weekly ranks, null while loading. */
export default defineChartWidget('history', buildRankHistoryOption, 'rank-history', (history) => ({
  'data-weeks': history?.weeks.length ?? 0,
}));
