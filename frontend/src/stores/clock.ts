/**
 * The wall's one clock: the current time, ticked once a second by {@link useClockTicker}, read
 * by every countdown, label and freshness check (no per-row timers).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Pinia store of the current time. */
export const useClockStore = defineStore('clock', () => {
  /** Epoch ms, updated by the ticker. */
  const now = ref(Date.now());

  function set(t: number): void {
    now.value = t;
  }

  return { now, set };
});
