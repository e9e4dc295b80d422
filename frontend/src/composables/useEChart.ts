/**
 * One ECharts instance bound to an element for the lifetime of the calling component:
 * created on mount, fed a new option object whenever the option source changes, resized with
 * its element, disposed on unmount. It draws at the device pixel ratio times the canvas scale
 * (the design canvas is CSS-scaled to the screen), so a 4K wall gets a 4K-sharp chart; only a
 * change of that scale re-creates the instance. Widgets register their chart types with `use([...])`.
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
import { injectCanvasScale } from './useScreenScale';

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
  option: MaybeRefOrGetter<EChartsCoreOption | null>,
  options: UseEChartOptions = {},
): UseEChartReturn {
  const { setOptionOpts = { lazyUpdate: true } } = options;
  const scale = injectCanvasScale();
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;
  let mounted = false;

  const create = (): void => {
    const el = target.value;
    if (!el) return;
    const instance = init(el, null, {
      renderer: 'canvas',
      devicePixelRatio: (window.devicePixelRatio || 1) * Math.max(1, scale.value),
    });
    const first = toValue(option);
    if (first) instance.setOption(first, setOptionOpts);
    chart.value = instance;
  };
  const destroy = (): void => {
    chart.value?.dispose();
    chart.value = null;
  };

  onMounted(() => {
    mounted = true;
    create();
    const el = target.value;
    if (!el) return;
    observer = new ResizeObserver(() => chart.value?.resize());
    observer.observe(el);
  });

  watch(
    () => toValue(option),
    (next) => {
      if (next) chart.value?.setOption(next, setOptionOpts);
    },
  );
  watch(scale, () => {
    if (!mounted) return;
    destroy();
    create();
  });

  onScopeDispose(() => {
    mounted = false;
    observer?.disconnect();
    observer = null;
    destroy();
  });

  return { chart };
}
