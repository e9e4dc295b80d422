/**
 * Freshness of the rooms on show and the watchdog that heals a silent link: resync, then
 * reconnect, each at most once per stale interval.
 */
import { computed, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import { useClockStore } from '../stores/clock';
import { freshnessOf, watchdogAction, type Freshness } from './freshness';
import type { LiveClient } from './liveClient';
import { useLiveStore, type RoomState } from './liveStore';

/** Options of {@link useFreshness}. */
export interface UseFreshnessOptions {
  /** No message for longer than this (ms) is stale. */
  staleMs: MaybeRefOrGetter<number>;
  /**
   * The client the watchdog acts on; no watchdog without one.
   * @default undefined
   */
  client?: Pick<LiveClient, 'resyncAll' | 'reconnect'>;
}

/** Freshness of the subscriptions `requests`, re-evaluated on every clock tick. */
export function useFreshness(
  requests: MaybeRefOrGetter<readonly SubscribeRequest[]>,
  options: UseFreshnessOptions,
): ComputedRef<Freshness> {
  const live = useLiveStore();
  const clock = useClockStore();
  const freshness = computed(() => {
    const rooms = toValue(requests)
      .map((r) => live.room(r))
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
