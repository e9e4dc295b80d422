/**
 * Is the wall's data fresh? Pure rules, unit-tested: the server sends every room a message at
 * least every 10 s (a heartbeat when nothing changes), so a room silent for longer than the
 * stale threshold, or a socket that is down, means the screen no longer shows the present.
 */
import type { ConnectionState, RoomState } from './liveStore';

/** Why the data is stale, or null when fresh. */
export type StaleReason = 'disconnected' | 'silent' | null;

/** The freshness of the rooms on show. */
export interface Freshness {
  stale: boolean;
  reason: StaleReason;
  /** Epoch ms of the newest update among the rooms; null before the first. */
  lastUpdate: number | null;
  /** Longest silence among the rooms, ms (since its last message, or since it was followed). */
  silentMs: number;
}

/** What the watchdog should do about a silent link. */
export type WatchdogAction = 'none' | 'resync' | 'reconnect';

/**
 * Freshness of `rooms` at `now`. The socket being down is stale at once (the banner must show
 * at once); a room that never answered counts its silence from when it was followed.
 */
export function freshnessOf(
  connection: ConnectionState,
  rooms: readonly Pick<RoomState, 'since' | 'lastUpdate' | 'lastMessage'>[],
  now: number,
  staleMs: number,
): Freshness {
  let lastUpdate: number | null = null;
  let silentMs = 0;
  for (const room of rooms) {
    if (room.lastUpdate !== null && (lastUpdate === null || room.lastUpdate > lastUpdate)) lastUpdate = room.lastUpdate;
    silentMs = Math.max(silentMs, now - (room.lastMessage ?? room.since));
  }
  if (connection === 'reconnecting' || connection === 'closed') {
    return { stale: true, reason: 'disconnected', lastUpdate, silentMs };
  }
  const silent = silentMs > staleMs;
  return { stale: silent, reason: silent ? 'silent' : null, lastUpdate, silentMs };
}

/**
 * The watchdog's step for a connected socket whose rooms went silent: ask for fresh snapshots
 * after one stale interval, and if that brings nothing, reopen the connection after three (a
 * half-open TCP link can look connected for a long time).
 */
export function watchdogAction(freshness: Freshness, connection: ConnectionState, staleMs: number): WatchdogAction {
  if (connection !== 'connected' || freshness.reason !== 'silent') return 'none';
  return freshness.silentMs > 3 * staleMs ? 'reconnect' : 'resync';
}
