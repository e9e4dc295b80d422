/**
 * One ECharts instance bound to an element for the lifetime of the calling component:
 * created on mount, fed a new option object whenever the option source changes, resized with
 * its element, disposed on unmount. Widgets register their chart types with `use([...])`.
 */
import { init, type EChartsCoreOption, type EChartsType, type SetOptionOpts } from 'echarts/core';
import {
  onMounted,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue';

/** Options of {@link useEChart}. */
export interface UseEChartOptions {
  /**
   * How each new option is applied.
   * @default { lazyUpdate: true } (merge, so bars animate from their old values)
   */
  setOptionOpts?: SetOptionOpts;
}

/** What {@link useEChart} returns. */
export interface UseEChartReturn {
  /** The instance while mounted, else null. */
  chart: Readonly<ShallowRef<EChartsType | null>>;
}

/** Binds a chart to `target`; `option` should yield a new object per change, never mutate one. */
export function useEChart(
  target: Readonly<Ref<HTMLElement | null>>,
  option: MaybeRefOrGetter<EChartsCoreOption>,
  options: UseEChartOptions = {},
): UseEChartReturn {
  const { setOptionOpts = { lazyUpdate: true } } = options;
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;

  onMounted(() => {
    const el = target.value;
    if (!el) return;
    const instance = init(el, null, { renderer: 'canvas' });
    instance.setOption(toValue(option), setOptionOpts);
    chart.value = instance;
    observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
  });

  watch(
    () => toValue(option),
    (next) => chart.value?.setOption(next, setOptionOpts),
  );

  onScopeDispose(() => {
    observer?.disconnect();
    observer = null;
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart };
}
