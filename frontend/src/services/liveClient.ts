/**
 * The one typed Socket.IO client of the live protocol (api.md §3). Over one socket it follows
 * any number of rooms (scope, period, tier), writes every `snapshot` and `patch` into the live
 * store under the room's key, asks for a `resync` when a room shows a seq gap, and subscribes
 * every room again after a reconnect (a full resync: each room answers with a snapshot).
 */
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@gridwall/shared';
import type {
  ClientToServerEvents,
  LiveError,
  Patch,
  ServerToClientEvents,
  Snapshot,
  SubscribeRequest,
} from '@gridwall/shared';
import type { RankingTier } from '@gridwall/shared';
import type { ConnectionState } from '../stores/live';
import { childTier, roomKey, type PatchOutcome } from '../stores/liveMerge';

/** The socket of the `/live` namespace, typed by the shared event maps. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the client writes into, per room key (see roomKey): the live store satisfies it. */
export interface LiveSink {
  /** A room is followed from now on (epoch ms). */
  trackRoom(key: string, request: SubscribeRequest, now: number): void;
  /** A room is no longer followed. */
  untrackRoom(key: string): void;
  /** `now`: receipt time, epoch ms. */
  receiveSnapshot(key: string, snapshot: Snapshot, now: number): void;
  /** Returns `{ resync: true }` when the patch does not follow; null when it was dropped. */
  receivePatch(key: string, patch: Patch, now: number): PatchOutcome | null;
  setConnection(state: ConnectionState): void;
  setError(error: LiveError): void;
}

/** Options of {@link openLiveSocket}. */
export interface LiveSocketOptions {
  /**
   * Screen token sent as `auth.token` in the handshake.
   * @default undefined (no credential)
   */
  token?: string;
  /**
   * Origin of the backend, e.g. `https://wall.example.cn`.
   * @default '' (the page's own origin; the Vite dev server proxies `/socket.io`)
   */
  origin?: string;
}

/** First reconnect delay, in ms; doubles per attempt (with jitter) up to {@link RECONNECT_DELAY_MAX_MS}. */
export const RECONNECT_DELAY_MS = 1_000;
/** Longest reconnect delay, in ms. */
export const RECONNECT_DELAY_MAX_MS = 15_000;
/**
 * How long a resync request may go unanswered before another gap may ask again, in ms. Patches
 * that arrive while a snapshot is on its way all show a gap; this keeps them from each asking.
 */
export const RESYNC_RETRY_MS = 5_000;

/**
 * Opens (lazily: `autoConnect` is off) the `/live` socket: WebSocket only, reconnecting forever
 * with exponential backoff.
 */
export function openLiveSocket(options: LiveSocketOptions = {}): LiveSocket {
  const { token, origin = '' } = options;
  return io(`${origin}${LIVE_NAMESPACE}`, {
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    randomizationFactor: 0.5,
    ...(token ? { auth: { token } } : {}),
  });
}

/** Options of {@link createLiveClient}. */
export interface LiveClientOptions {
  /** Where server pushes go (the live store). */
  sink: LiveSink;
  /** The socket to drive; the client owns it and disconnects it on close. */
  socket: LiveSocket;
  /**
   * Rooms to follow from the start (each as if retained once).
   * @default []
   */
  subscriptions?: SubscribeRequest[];
  /**
   * Clock for receipt times and resync pacing, epoch ms.
   * @default Date.now
   */
  now?: () => number;
}

/** A running live client. */
export interface LiveClient {
  /** The socket the client drives, for the per-user events (case details, presenter channels). */
  readonly socket: LiveSocket;
  /**
   * Follows the room of `request` (reference-counted: the same room retained twice is
   * subscribed once). Returns the release function; the last release unsubscribes.
   */
  retain(request: SubscribeRequest): () => void;
  /** Asks every followed room for a fresh snapshot (a silent room, a suspected lost patch). */
  resyncAll(): void;
  /** Drops and reopens the connection (a socket that looks connected but carries nothing). */
  reconnect(): void;
  /** Stops listening, disconnects the socket and marks the connection closed. */
  close(): void;
}

interface Entry {
  key: string;
  request: SubscribeRequest;
  refs: number;
  /** When the unanswered resync was sent (epoch ms); null when none is outstanding. */
  resyncSentAt: number | null;
}

/** Connects `socket` and keeps `sink` in step with every retained room. */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const { sink, socket, subscriptions = [], now = Date.now } = options;
  const entries = new Map<string, Entry>();
  /** The tier each scope's rooms carry when a request names none, learnt from its snapshots. */
  const defaultTiers = new Map<string, RankingTier | null>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const wire = (request: SubscribeRequest): SubscribeRequest =>
    request.tier === undefined
      ? { scope: request.scope, period: request.period }
      : { scope: request.scope, period: request.period, tier: request.tier };

  /** The tier the server room of `entry` carries; undefined while not known yet. */
  const tierOf = (entry: Entry): RankingTier | null | undefined =>
    entry.request.tier ?? defaultTiers.get(entry.request.scope);

  const matching = (message: Pick<Snapshot, 'scope' | 'period' | 'tier'>): Entry[] => {
    const found: Entry[] = [];
    for (const entry of entries.values()) {
      if (entry.request.scope !== message.scope || entry.request.period !== message.period) continue;
      if (tierOf(entry) === message.tier) found.push(entry);
    }
    return found;
  };

  const requestResync = (entry: Entry): void => {
    const t = now();
    if (entry.resyncSentAt !== null && t - entry.resyncSentAt < RESYNC_RETRY_MS) return;
    entry.resyncSentAt = t;
    socket.emit('resync', wire(entry.request));
  };

  // Socket.IO reconnects by itself only after a transport loss. After the server refuses or
  // drops the socket (`socket.active` false) a wall screen must still come back on its own.
  const retryLater = (): void => {
    if (closed || retryTimer !== null || socket.active) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed) socket.connect();
    }, RECONNECT_DELAY_MAX_MS);
  };

  const onConnect = (): void => {
    sink.setConnection('connected');
    // Also on every reconnect: the server forgot our rooms with the old connection.
    for (const entry of entries.values()) {
      entry.resyncSentAt = null;
      socket.emit('subscribe', wire(entry.request));
    }
  };
  const onDisconnect = (): void => {
    if (closed) return;
    sink.setConnection('reconnecting');
    retryLater();
  };
  const onConnectError = (error: Error): void => {
    sink.setConnection('reconnecting');
    // The server refuses a missing or bad screen token with "401: …" / "403: …".
    const refused = /^(401|403)\b/.exec(error?.message ?? '');
    if (refused) sink.setError({ statusCode: Number(refused[1]), message: error.message });
    retryLater();
  };
  const onSnapshot = (snapshot: Snapshot): void => {
    // Every snapshot tells the scope's level, hence the tier of its rooms that name none.
    defaultTiers.set(snapshot.scope, childTier(snapshot.stats.level));
    const t = now();
    for (const entry of matching(snapshot)) {
      entry.resyncSentAt = null;
      sink.receiveSnapshot(entry.key, snapshot, t);
    }
  };
  const onPatch = (patch: Patch): void => {
    const t = now();
    for (const entry of matching(patch)) {
      if (sink.receivePatch(entry.key, patch, t)?.resync) requestResync(entry);
    }
  };
  const onLiveError = (error: LiveError): void => {
    sink.setError(error);
  };

  /**
   * Whether another entry shares the server room of `entry` (so leaving it would cut that one
   * off). While a tier is not known yet (no snapshot of the scope so far) it may be shared: the
   * room is kept, which costs only the messages nobody reads until the next reconnect.
   */
  const sharesServerRoom = (entry: Entry): boolean => {
    const tier = tierOf(entry);
    for (const other of entries.values()) {
      if (other === entry || other.request.scope !== entry.request.scope) continue;
      if (other.request.period !== entry.request.period) continue;
      const otherTier = tierOf(other);
      if (otherTier === undefined || tier === undefined || otherTier === tier) return true;
    }
    return false;
  };

  const retain = (request: SubscribeRequest): (() => void) => {
    const key = roomKey(request);
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, request: wire(request), refs: 0, resyncSentAt: null };
      entries.set(key, entry);
      sink.trackRoom(key, entry.request, now());
      if (socket.connected) socket.emit('subscribe', wire(request));
    }
    entry.refs += 1;
    let released = false;
    const held = entry;
    return () => {
      if (released || closed) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0) return;
      if (socket.connected && !sharesServerRoom(held)) socket.emit('unsubscribe', wire(held.request));
      entries.delete(held.key);
      sink.untrackRoom(held.key);
    };
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('snapshot', onSnapshot);
  socket.on('patch', onPatch);
  socket.on('live-error', onLiveError);

  for (const request of subscriptions) retain(request);
  sink.setConnection('connecting');
  if (socket.connected) onConnect();
  else socket.connect();

  return {
    socket,
    retain,
    resyncAll(): void {
      if (closed || !socket.connected) return;
      const t = now();
      for (const entry of entries.values()) {
        entry.resyncSentAt = t;
        socket.emit('resync', wire(entry.request));
      }
    },
    reconnect(): void {
      if (closed) return;
      socket.disconnect();
      socket.connect();
    },
    close(): void {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('snapshot', onSnapshot);
      socket.off('patch', onPatch);
      socket.off('live-error', onLiveError);
      socket.disconnect();
      for (const key of entries.keys()) sink.untrackRoom(key);
      entries.clear();
      sink.setConnection('closed');
    },
  };
}
