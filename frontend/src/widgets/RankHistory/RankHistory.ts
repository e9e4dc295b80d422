import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { RankHistoryView } from '@gridwall/shared';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildRankHistoryOption } from './option';

use([LineChart, GridComponent, CanvasRenderer]);

/** What the widget draws: the history (null while loading) and the selected period. */
export interface RankHistoryInput {
  view: RankHistoryView | null;
  /** Period key drawn larger; null: none. */
  selected: string | null;
}

/** `<RankHistory :history>`: the unit's rank in its issued periods. */
export default defineChartWidget(
  'history',
  (input: RankHistoryInput) => buildRankHistoryOption(input.view, input.selected),
  'rank-history',
  (input) => ({ 'data-points': input.view?.points.length ?? -1, 'data-kind': input.view?.kind ?? '' }),
);
