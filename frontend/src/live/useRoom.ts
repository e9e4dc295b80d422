/**
 * Live rooms for as long as the calling scope lives: `useRooms` keeps a changing set of
 * subscriptions followed (those entering the set are retained, those leaving it released, all
 * released on dispose), so rotating scenes never leave a subscription behind; `useRoom` follows
 * one and returns its merged snapshot from the live store.
 */
import { computed, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { SubscribeRequest, Snapshot } from '@gridwall/shared';
import type { LiveClient } from './liveClient';
import { requestKey, useLiveStore } from './liveStore';
import { injectLiveClient } from './useLiveClient';

/** Follows every subscription of `requests` on `client` (default: the page's client). */
export function useRooms(
  requests: MaybeRefOrGetter<readonly SubscribeRequest[]>,
  client: Pick<LiveClient, 'retain'> = injectLiveClient(),
): void {
  const held = new Map<string, () => void>();

  const sync = (next: readonly SubscribeRequest[]): void => {
    const wanted = new Map(next.map((r) => [requestKey(r), r]));
    // Retain the new ones before releasing the old, so a room in both never blinks.
    for (const [key, request] of wanted) if (!held.has(key)) held.set(key, client.retain(request));
    for (const [key, release] of held) {
      if (wanted.has(key)) continue;
      release();
      held.delete(key);
    }
  };

  watch(() => toValue(requests), sync, { immediate: true });
  onScopeDispose(() => {
    for (const release of held.values()) release();
    held.clear();
  });
}

/**
 * Follows the subscription `request` (null: none) on `client` (default: the page's client) and
 * returns its merged state: null until its first snapshot.
 */
export function useRoom(
  request: MaybeRefOrGetter<SubscribeRequest | null>,
  client: Pick<LiveClient, 'retain'> = injectLiveClient(),
): ComputedRef<Snapshot | null> {
  const live = useLiveStore();
  useRooms(() => {
    const r = toValue(request);
    return r ? [r] : [];
  }, client);
  return computed(() => {
    const r = toValue(request);
    return r ? (live.room(r)?.data ?? null) : null;
  });
}

/** The merged state of a subscription followed elsewhere (e.g. the wall page's primary room). */
export function useRoomState(request: MaybeRefOrGetter<SubscribeRequest>): ComputedRef<Snapshot | null> {
  const live = useLiveStore();
  return computed(() => live.room(toValue(request))?.data ?? null);
}
