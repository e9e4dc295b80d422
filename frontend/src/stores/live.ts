/**
 * The live room a screen is subscribed to: its latest snapshot parts, sequence number,
 * connection state and freshness. Written only by the live client; components only read it.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { LiveError, Patch, Snapshot } from '@gridwall/shared';
import { applyPatch, applySnapshot, type PatchOutcome } from './liveMerge';

/**
 * Where the socket stands.
 * - `connecting`: first connection attempt, nothing received yet.
 * - `connected`: connected (a snapshot follows the subscription).
 * - `reconnecting`: the connection dropped; the client is retrying with backoff.
 * - `closed`: the client was shut down on purpose.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Pinia store of the live room. */
export const useLiveStore = defineStore('live', () => {
  // shallowRef: the room is replaced as a whole (by reference) on every message; deep
  // reactivity over every bucket and row would only cost time on a screen that runs for months.
  const room = shallowRef<Snapshot | null>(null);
  const connection = ref<ConnectionState>('connecting');
  /** Epoch ms of the last snapshot or applied patch (client clock); null before the first. */
  const lastUpdate = ref<number | null>(null);
  /** The last error the server told this client; cleared by the next snapshot. */
  const lastError = shallowRef<LiveError | null>(null);

  /** Sequence number of the room; null before the first snapshot. */
  const seq = computed(() => room.value?.seq ?? null);
  const stats = computed(() => room.value?.stats ?? null);
  const categories = computed(() => room.value?.categories ?? []);
  const trend = computed(() => room.value?.trend ?? null);
  const rankings = computed(() => room.value?.rankings ?? null);
  const overdue = computed(() => room.value?.overdue ?? null);
  const feed = computed(() => room.value?.feed ?? []);

  /** Replaces the whole room with a snapshot. */
  function receiveSnapshot(snapshot: Snapshot, now: number = Date.now()): void {
    room.value = applySnapshot(snapshot);
    lastUpdate.value = now;
    lastError.value = null;
  }

  /**
   * Merges a patch. Returns `{ resync: true }` when it does not follow the held seq, in which
   * case nothing changes and the caller should ask for a fresh snapshot. A patch that arrives
   * before any snapshot is dropped without a resync: the subscription's snapshot is on its way.
   */
  function receivePatch(patch: Patch, now: number = Date.now()): PatchOutcome | null {
    const current = room.value;
    if (current === null) return null;
    const outcome = applyPatch(current, patch);
    if (outcome.state) {
      room.value = outcome.state;
      lastUpdate.value = now;
    }
    return outcome;
  }

  function setConnection(state: ConnectionState): void {
    connection.value = state;
  }

  function setError(error: LiveError): void {
    lastError.value = error;
  }

  /** Forgets the room, e.g. before subscribing to another one. */
  function reset(): void {
    room.value = null;
    lastUpdate.value = null;
    lastError.value = null;
    connection.value = 'connecting';
  }

  return {
    room,
    connection,
    lastUpdate,
    lastError,
    seq,
    stats,
    categories,
    trend,
    rankings,
    overdue,
    feed,
    receiveSnapshot,
    receivePatch,
    setConnection,
    setError,
    reset,
  };
});

/** The live store instance type. */
export type LiveStore = ReturnType<typeof useLiveStore>;
