/**
 * Auto-scrolls a long list page by page: which page of `total` items, `pageSize` a page, is
 * on show, advancing every `intervalMs` and wrapping around. One interval, cleared on dispose.
 */
import { computed, onScopeDispose, ref, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';

/** Options of {@link useAutoPage}. */
export interface UseAutoPageOptions {
  /**
   * Page to start at (e.g. where the list was left at the scene's last visit).
   * @default 0
   */
  start?: number;
  /** Called with each new page, e.g. to remember it across visits. */
  onPage?: (page: number) => void;
}

/** What {@link useAutoPage} returns. */
export interface UseAutoPageReturn {
  /** Zero-based page on show. */
  page: Readonly<Ref<number>>;
  /** Number of pages (at least 1). */
  pageCount: ComputedRef<number>;
  /** Index of the first item on show. */
  offset: ComputedRef<number>;
}

/** Number of pages of `total` items at `pageSize` a page (at least 1). */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** Pages through a list on a timer. */
export function useAutoPage(
  total: MaybeRefOrGetter<number>,
  pageSize: MaybeRefOrGetter<number>,
  intervalMs: MaybeRefOrGetter<number>,
  options: UseAutoPageOptions = {},
): UseAutoPageReturn {
  const pageCount = computed(() => pageCountOf(toValue(total), toValue(pageSize)));
  const page = ref(Math.min(options.start ?? 0, pageCount.value - 1));
  const offset = computed(() => page.value * Math.max(1, toValue(pageSize)));

  // A shrinking list must not leave the view on a page that no longer exists.
  watch(pageCount, (n) => {
    if (page.value >= n) page.value = 0;
  });

  let timer: ReturnType<typeof setInterval> | null = null;
  watch(
    () => toValue(intervalMs),
    (ms) => {
      if (timer !== null) clearInterval(timer);
      timer =
        ms > 0
          ? setInterval(() => {
              if (pageCount.value <= 1) return;
              page.value = (page.value + 1) % pageCount.value;
              options.onPage?.(page.value);
            }, ms)
          : null;
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  });

  return { page, pageCount, offset };
}

/** What {@link usePagedList} returns. */
export interface UsePagedListReturn<T> extends UseAutoPageReturn {
  /** The items of the page on show. */
  onShow: ComputedRef<T[]>;
}

/** Pages through `items`, `pageSize` a page, on a timer (see {@link useAutoPage}). */
export function usePagedList<T>(
  items: MaybeRefOrGetter<readonly T[]>,
  pageSize: MaybeRefOrGetter<number>,
  intervalMs: MaybeRefOrGetter<number>,
  options: UseAutoPageOptions = {},
): UsePagedListReturn<T> {
  const paging = useAutoPage(() => toValue(items).length, pageSize, intervalMs, options);
  const onShow = computed(() => toValue(items).slice(paging.offset.value, paging.offset.value + toValue(pageSize)));
  return { ...paging, onShow };
}
