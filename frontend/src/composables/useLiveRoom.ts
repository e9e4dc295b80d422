/**
 * Follows one live room for as long as the calling scope lives: opens the `/live` socket,
 * feeds the live store, and closes everything on dispose.
 */
import { onScopeDispose } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import { createLiveClient, openLiveSocket } from '../services/liveClient';
import { useLiveStore, type LiveStore } from '../stores/live';

/** Options of {@link useLiveRoom}. */
export interface UseLiveRoomOptions {
  /**
   * Screen token for the socket handshake.
   * @default undefined
   */
  token?: string;
}

/** Subscribes to `subscription` and returns the store the room is written into. */
export function useLiveRoom(subscription: SubscribeRequest, options: UseLiveRoomOptions = {}): LiveStore {
  const store = useLiveStore();
  store.reset();
  const client = createLiveClient({
    subscription,
    sink: store,
    socket: openLiveSocket({ token: options.token }),
  });
  onScopeDispose(() => client.close());
  return store;
}
