/**
 * The live rooms a screen follows: each room's merged snapshot, sequence number and freshness,
 * plus the state of the one socket they share. Written only by the live client; components only
 * read it.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef } from 'vue';
import type { LiveError, Patch, Snapshot, SubscribeRequest } from '@gridwall/shared';
import { useClockStore } from '../stores/clock';
import { applyPatch, applySnapshot, type PatchOutcome } from './liveMerge';

/**
 * The client's key of a subscription: its request, not its room (the server names the room of
 * a request that leaves the tier to it). Two equal requests are one subscription.
 */
export function requestKey(request: SubscribeRequest): string {
  // A replay (`at`) is another subscription than the live room of the same scope and period.
  return request.at === undefined
    ? JSON.stringify([request.scope, request.period, request.tier ?? null])
    : JSON.stringify([request.scope, request.period, request.tier ?? null, request.at]);
}

/**
 * Where the socket stands.
 * - `connecting`: first connection attempt, nothing received yet.
 * - `connected`: connected (snapshots follow the subscriptions).
 * - `reconnecting`: the connection dropped; the client is retrying with backoff.
 * - `closed`: the client was shut down on purpose.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** One followed room. Replaced as a whole on every message, never mutated. */
export interface RoomState {
  /** What was subscribed. */
  request: SubscribeRequest;
  /** The merged state; null until the first snapshot. */
  data: Snapshot | null;
  /** Epoch ms (client clock) the room was first followed. */
  since: number;
  /** Epoch ms of the last snapshot or applied patch; null before the first. */
  lastUpdate: number | null;
  /** Epoch ms of the last message of the room, applied or not (a gap still proves the link). */
  lastMessage: number | null;
}

/** Pinia store of the live rooms. */
export const useLiveStore = defineStore('live', () => {
  // shallowReactive: a message replaces one entry, which re-renders only the views reading
  // that room; deep reactivity over every bucket and row would only cost time on a screen that
  // runs for months.
  const rooms = shallowReactive(new Map<string, RoomState>());
  // Callers pass the local time a message arrived; times kept here are on the server's clock,
  // like the clock store's `now` they are compared with.
  const clock = useClockStore();
  const connection = ref<ConnectionState>('connecting');
  /** The last error the server told this client; cleared by the next snapshot. */
  const lastError = shallowRef<LiveError | null>(null);

  /** Epoch ms of the newest update of any room; null before the first. */
  const lastUpdate = computed(() => {
    let newest: number | null = null;
    for (const room of rooms.values()) {
      if (room.lastUpdate !== null && (newest === null || room.lastUpdate > newest)) newest = room.lastUpdate;
    }
    return newest;
  });

  /** The state of the subscription `request`; undefined when not followed. */
  function room(request: SubscribeRequest): RoomState | undefined {
    return rooms.get(requestKey(request));
  }

  /** Starts holding the subscription `request` (empty until its snapshot). */
  function trackRoom(request: SubscribeRequest, local: number = Date.now()): void {
    const now = clock.correctedNow(local);
    const key = requestKey(request);
    if (!rooms.has(key)) rooms.set(key, { request, data: null, since: now, lastUpdate: null, lastMessage: null });
  }

  /** Forgets the subscription `request`, so an unfollowed room holds no memory. */
  function untrackRoom(request: SubscribeRequest): void {
    rooms.delete(requestKey(request));
  }

  /** Replaces the subscription's state with a snapshot. Ignored for one not tracked. */
  function receiveSnapshot(request: SubscribeRequest, snapshot: Snapshot, local: number = Date.now()): void {
    const key = requestKey(request);
    const current = rooms.get(key);
    if (!current) return;
    // A live snapshot tells the server's time (a replay's is its moment's).
    if (snapshot.replayAt === undefined && request.at === undefined)
      clock.observeServerTime(Date.parse(snapshot.stats.asOf), local);
    const now = clock.correctedNow(local);
    rooms.set(key, { ...current, data: applySnapshot(snapshot), lastUpdate: now, lastMessage: now });
    lastError.value = null;
  }

  /**
   * Merges a patch. Returns `{ resync: true }` when it does not follow the held seq, in which
   * case only the room's message time changes and the caller should ask for a fresh snapshot.
   * A patch that arrives before the room's snapshot is dropped (null): the snapshot is on its way.
   */
  function receivePatch(request: SubscribeRequest, patch: Patch, local: number = Date.now()): PatchOutcome | null {
    const key = requestKey(request);
    const current = rooms.get(key);
    if (!current?.data) return null;
    if (patch.stats) clock.observeServerTime(Date.parse(patch.stats.asOf), local);
    const now = clock.correctedNow(local);
    const outcome = applyPatch(current.data, patch);
    rooms.set(
      key,
      outcome.state
        ? { ...current, data: outcome.state, lastUpdate: now, lastMessage: now }
        : { ...current, lastMessage: now },
    );
    return outcome;
  }

  function setConnection(state: ConnectionState): void {
    connection.value = state;
  }

  function setError(error: LiveError): void {
    lastError.value = error;
  }

  /** Forgets every room and error. */
  function reset(): void {
    rooms.clear();
    lastError.value = null;
    connection.value = 'connecting';
  }

  return {
    rooms,
    connection,
    lastError,
    lastUpdate,
    room,
    trackRoom,
    untrackRoom,
    receiveSnapshot,
    receivePatch,
    setConnection,
    setError,
    reset,
  };
});

/** The live store instance type. */
export type LiveStore = ReturnType<typeof useLiveStore>;
