/**
 * Steps through a playlist on a timer: one timeout at a time, cleared on dispose, so nothing
 * is left behind however many rotations a screen goes through.
 */
import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';

/** Options of {@link useRotation}. */
export interface UseRotationOptions {
  /**
   * Index to start at.
   * @default 0
   */
  start?: number;
}

/** What {@link useRotation} returns. */
export interface UseRotationReturn {
  /** The current slot. */
  index: Readonly<Ref<number>>;
  /** Moves to the next slot now (and restarts its time). */
  next(): void;
  /** Moves `by` slots (negative: back) now, wrapping around, and restarts the slot's time. */
  step(by: number): void;
}

/** Rotates over `count` slots, `intervalMs` each; an interval of 0 or a single slot stays put. */
export function useRotation(
  count: MaybeRefOrGetter<number>,
  intervalMs: MaybeRefOrGetter<number>,
  options: UseRotationOptions = {},
): UseRotationReturn {
  const index = ref(options.start ?? 0);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const schedule = (): void => {
    stop();
    const n = toValue(count);
    const ms = toValue(intervalMs);
    if (n <= 1 || ms <= 0) return;
    timer = setTimeout(next, ms);
  };
  function next(): void {
    step(1);
  }
  function step(by: number): void {
    const n = toValue(count);
    index.value = n > 0 ? (((index.value + by) % n) + n) % n : 0;
    schedule();
  }

  watch(
    () => [toValue(count), toValue(intervalMs)] as const,
    ([n]) => {
      if (index.value >= n) index.value = 0;
      schedule();
    },
    { immediate: true },
  );
  onScopeDispose(stop);

  return { index, next, step };
}
