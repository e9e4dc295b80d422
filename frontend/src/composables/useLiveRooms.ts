/**
 * Keeps a changing set of live rooms followed for as long as the calling scope lives: rooms
 * that enter the set are retained, rooms that leave it are released, all are released on
 * dispose. Rotating scenes thereby never leave a subscription behind.
 */
import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import type { LiveClient } from '../services/liveClient';
import { roomKey } from '../stores/liveMerge';

/** Follows every room of `requests` on `client`. */
export function useLiveRooms(
  client: Pick<LiveClient, 'retain'>,
  requests: MaybeRefOrGetter<readonly SubscribeRequest[]>,
): void {
  const held = new Map<string, () => void>();

  const sync = (next: readonly SubscribeRequest[]): void => {
    const wanted = new Map(next.map((r) => [roomKey(r), r]));
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
