/**
 * One factory for the chart widgets that are nothing but "data in, option out": the widget
 * registers its ECharts parts with `use([...])`, then names its single prop, its pure
 * `buildXOption(data)` and its test id; the component renders `EChart.vue` with the option
 * rebuilt (a new object, replacing the previous one) whenever the prop changes.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { computed, defineComponent, h, type ComponentObjectPropsOptions } from 'vue';
import EChart from './EChart.vue';

/** `data-*` attributes of the chart element. */
export type ChartDataAttrs = Record<`data-${string}`, string | number>;

/**
 * A component `<Widget :[prop]="data" />` drawing `build(data)` on an element with
 * `data-testid="testId"` and the `data-*` attributes `dataAttrs(data)`.
 */
export function defineChartWidget<K extends string, T>(
  prop: K,
  build: (data: T) => EChartsCoreOption,
  testId: string,
  dataAttrs?: (data: T) => ChartDataAttrs,
) {
  return defineComponent(
    (props: Record<K, T>) => {
      const option = computed(() => build(props[prop]));
      return () => h(EChart, { option: option.value, 'data-testid': testId, ...dataAttrs?.(props[prop]) });
    },
    {
      // Of any type (the builders take null too), and always passed.
      props: { [prop]: { type: null, required: true } } as ComponentObjectPropsOptions<Record<K, T>>,
    },
  );
}
