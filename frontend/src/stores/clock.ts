/**
 * The wall's one clock: the current time, ticked once a second by {@link useClockTicker}, read
 * by every countdown, label and freshness check (no per-row timers). It runs on the server's
 * time: a kiosk PC without NTP must not show wrong overdue times, so the offset between this
 * machine's clock and the server's (learnt from the `asOf` of every snapshot and patch) is added
 * to the local clock when it is more than {@link OFFSET_APPLIED_MS}.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/** Offsets smaller than this are network and computation noise: the local clock is used as is. */
export const OFFSET_APPLIED_MS = 2000;
/** A drift the screen says it corrected (issue 13: over a minute). */
export const DRIFT_SHOWN_MS = 60_000;
/** Samples of (server time − local time) kept: the newest ones, a fixed number. */
const SAMPLES = 20;

/**
 * The offset (server − local, ms) of recent samples: their largest, since a server time read
 * from a part computed a moment before it was sent is behind the truth, never ahead of it.
 */
export function offsetOf(samples: readonly number[]): number {
  if (samples.length === 0) return 0;
  const best = Math.max(...samples);
  return Math.abs(best) < OFFSET_APPLIED_MS ? 0 : best;
}

/** Pinia store of the current time. */
export const useClockStore = defineStore('clock', () => {
  const samples: number[] = [];
  /** Server − local, ms (0 when within {@link OFFSET_APPLIED_MS}). */
  const offsetMs = ref(0);
  /** Epoch ms on the server's time, updated by the ticker. */
  const now = ref(Date.now());
  /** Whether server times are followed (the wall, a kiosk; tablets are people's devices with NTP). */
  let following = false;
  /** The correction is more than a minute: the screen says so. */
  const drifting = computed(() => Math.abs(offsetMs.value) >= DRIFT_SHOWN_MS);

  function set(t: number): void {
    now.value = t;
  }

  /** The current time on the server's clock. */
  function correctedNow(local: number = Date.now()): number {
    return local + offsetMs.value;
  }

  /** From now on, run on the server's time (the wall calls it once). */
  function followServer(): void {
    following = true;
  }

  /** A server time (`asOf`) seen at local time `local`; ignored unless following the server. */
  function observeServerTime(serverMs: number, local: number = Date.now()): void {
    if (!following || !Number.isFinite(serverMs)) return;
    samples.push(serverMs - local);
    if (samples.length > SAMPLES) samples.shift();
    const next = offsetOf(samples);
    if (next !== offsetMs.value) {
      offsetMs.value = next;
      now.value = correctedNow(local);
    }
  }

  return { now, set, offsetMs, drifting, correctedNow, followServer, observeServerTime };
});
