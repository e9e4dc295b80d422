/**
 * Ticks the clock store for as long as the calling scope (the page root) lives: one interval
 * for the whole page.
 */
import { onScopeDispose } from 'vue';
import { useClockStore } from '../stores/clock';

/** Options of {@link useClockTicker}. */
export interface UseClockTickerOptions {
  /**
   * Tick period, ms.
   * @default 1000
   */
  intervalMs?: number;
  /**
   * A moment to hold the clock at (epoch ms), for a replay: every countdown and "now" of the
   * page is then relative to that moment, not the real clock. No ticking.
   * @default undefined (the real clock, ticking)
   */
  fixedAt?: number;
}

/** Starts ticking; stops on dispose. */
export function useClockTicker(options: UseClockTickerOptions = {}): void {
  const { intervalMs = 1000, fixedAt } = options;
  const clock = useClockStore();
  if (fixedAt !== undefined) {
    clock.set(fixedAt);
    return;
  }
  clock.set(clock.correctedNow());
  const timer = setInterval(() => clock.set(clock.correctedNow()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
}
