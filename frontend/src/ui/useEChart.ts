/**
 * One ECharts instance bound to an element for the lifetime of the calling component:
 * created on mount, given each new option object as a whole (the new option replaces the old:
 * a series or component the new one leaves out leaves the chart), resized with its element,
 * disposed on unmount. It draws at the device pixel ratio times the canvas scale
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
import { injectCanvasScale } from '../composables/useScreenScale';

/**
 * How a new option object is applied: it replaces the chart's option (`notMerge`), so a key it
 * no longer has does not linger from the previous one; drawn on the next frame (`lazyUpdate`).
 */
export const REPLACE_OPTION: SetOptionOpts = { notMerge: true, lazyUpdate: true };

/**
 * Applies `next` to `chart` unless it is the option already applied (`previous`, by
 * reference) or null. Returns whether it was applied.
 */
export function applyOption(
  chart: Pick<EChartsType, 'setOption'>,
  next: EChartsCoreOption | null,
  previous: EChartsCoreOption | null,
  opts: SetOptionOpts = REPLACE_OPTION,
): boolean {
  if (!next || next === previous) return false;
  chart.setOption(next, opts);
  return true;
}

/** Options of {@link useEChart}. */
export interface UseEChartOptions {
  /**
   * How each new option is applied.
   * @default REPLACE_OPTION
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
  const { setOptionOpts = REPLACE_OPTION } = options;
  const scale = injectCanvasScale();
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;
  let mounted = false;
  /** The option object the instance holds. */
  let applied: EChartsCoreOption | null = null;

  const create = (): void => {
    const el = target.value;
    if (!el) return;
    const instance = init(el, null, {
      renderer: 'canvas',
      devicePixelRatio: (window.devicePixelRatio || 1) * Math.max(1, scale.value),
    });
    applied = null;
    const first = toValue(option);
    if (applyOption(instance, first, applied, setOptionOpts)) applied = first;
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
      if (chart.value && applyOption(chart.value, next, applied, setOptionOpts)) applied = next;
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
