import { PieChart } from 'echarts/charts';
import { LegendComponent, TitleComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { defineChartWidget } from '../../ui/chartWidget';
import { buildCategoryRingOption } from './option';

use([PieChart, LegendComponent, TitleComponent, CanvasRenderer]);

/** `<CategoryRing :categories>`: the room's per-category figures as a ring. */
export default defineChartWidget('categories', buildCategoryRingOption, 'category-ring');
