/**
 * Follows one live room for as long as the calling scope lives, on a connection of its own:
 * the simple case of a page that shows a single room (the first live page at `/`).
 */
import { computed, reactive } from 'vue';
import type { SubscribeRequest } from '@gridwall/shared';
import { useLiveStore } from '../stores/live';
import { roomKey } from '../stores/liveMerge';
import { roomView, type RoomView } from '../stores/roomView';
import { useLiveClient } from './useLiveClient';
import { useLiveRooms } from './useLiveRooms';

/** Options of {@link useLiveRoom}. */
export interface UseLiveRoomOptions {
  /**
   * Screen token for the socket handshake.
   * @default undefined
   */
  token?: string;
}

/** Subscribes to `subscription` and returns a reactive view of its room and connection. */
export function useLiveRoom(subscription: SubscribeRequest, options: UseLiveRoomOptions = {}): RoomView {
  const store = useLiveStore();
  const client = useLiveClient({ token: options.token });
  useLiveRooms(client, [subscription]);
  const key = roomKey(subscription);
  return reactive(
    roomView(
      computed(() => store.room(key)?.data ?? null),
      store,
    ),
  ) as RoomView;
}
