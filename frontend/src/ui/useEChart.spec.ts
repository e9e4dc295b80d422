import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { afterEach, describe, expect, it } from 'vitest';
import { applyOption } from './useEChart';

use([LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** A real chart without a DOM (ECharts' server-side rendering mode). */
function serverChart() {
  return init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 300 });
}

const line = (data: number[]) => ({
  xAxis: { type: 'category', data: data.map((_, i) => String(i)) },
  yAxis: { type: 'value' },
  series: [{ type: 'line', data }],
});

describe('applyOption', () => {
  const charts: ReturnType<typeof serverChart>[] = [];
  afterEach(() => {
    for (const c of charts.splice(0)) c.dispose();
  });

  it('replaces the option: a title or series the new option drops leaves the chart', () => {
    const sut = serverChart();
    charts.push(sut);
    const first: EChartsCoreOption = {
      ...line([1, 2, 3]),
      title: { text: '旧标题' },
      series: [
        { type: 'line', data: [1, 2, 3] },
        { type: 'line', data: [3, 2, 1] },
      ],
    };
    applyOption(sut, first, null);

    applyOption(sut, line([4, 5, 6]), first);

    const held = sut.getOption() as { title?: unknown[]; series: { data: number[] }[] };
    expect(held.title ?? []).toEqual([]);
    expect(held.series.map((s) => s.data)).toEqual([[4, 5, 6]]);
  });

  it('leaves the chart alone for the option it already holds, and for none', () => {
    const calls: unknown[] = [];
    const fake = { setOption: (o: unknown) => void calls.push(o) };
    const option = line([1]);

    expect(applyOption(fake as never, option, option)).toBe(false);
    expect(applyOption(fake as never, null, option)).toBe(false);
    expect(applyOption(fake as never, line([2]), option)).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
