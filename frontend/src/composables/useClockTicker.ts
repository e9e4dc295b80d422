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
}

/** Starts ticking; stops on dispose. */
export function useClockTicker(options: UseClockTickerOptions = {}): void {
  const { intervalMs = 1000 } = options;
  const clock = useClockStore();
  clock.set(Date.now());
  const timer = setInterval(() => clock.set(Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
}
