import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildCategoryOption } from './option';

use([BarChart, GridComponent, LegendComponent, CanvasRenderer]);

/** `<CategoryMix :categories>`: the room's per-category figures as bars. */
export default defineChartWidget('categories', buildCategoryOption, 'category-mix');
