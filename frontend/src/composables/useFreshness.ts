/**
 * Freshness of the rooms on show and the watchdog that heals a silent link: resync, then
 * reconnect, each at most once per stale interval.
 */
import { computed, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { LiveClient } from '../services/liveClient';
import { freshnessOf, watchdogAction, type Freshness } from '../services/freshness';
import { useClockStore } from '../stores/clock';
import { useLiveStore, type RoomState } from '../stores/live';

/** Options of {@link useFreshness}. */
export interface UseFreshnessOptions {
  /** No message for longer than this (ms) is stale. */
  staleMs: MaybeRefOrGetter<number>;
  /**
   * The client the watchdog acts on; no watchdog without one.
   * @default undefined
   */
  client?: LiveClient;
}

/** Freshness of the rooms `keys` (room keys), re-evaluated on every clock tick. */
export function useFreshness(
  keys: MaybeRefOrGetter<readonly string[]>,
  options: UseFreshnessOptions,
): ComputedRef<Freshness> {
  const live = useLiveStore();
  const clock = useClockStore();
  const freshness = computed(() => {
    const rooms = toValue(keys)
      .map((k) => live.room(k))
      .filter((r): r is RoomState => r !== undefined);
    return freshnessOf(live.connection, rooms, clock.now, toValue(options.staleMs));
  });

  const { client } = options;
  if (client) {
    let lastActionAt = 0;
    watch(freshness, (f) => {
      const staleMs = toValue(options.staleMs);
      const action = watchdogAction(f, live.connection, staleMs);
      if (action === 'none' || clock.now - lastActionAt < staleMs) return;
      lastActionAt = clock.now;
      if (action === 'resync') client.resyncAll();
      else client.reconnect();
    });
  }
  return freshness;
}
