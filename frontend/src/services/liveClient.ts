/**
 * The one typed Socket.IO client of the live protocol (api.md §3). It subscribes to a room,
 * writes every `snapshot` and `patch` into the live store, asks for a `resync` when it sees a
 * seq gap and subscribes again after every reconnect.
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
import type { ConnectionState } from '../stores/live';
import { isSameRoom, type PatchOutcome } from '../stores/liveMerge';

/** The socket of the `/live` namespace, typed by the shared event maps. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the client writes into: the live store satisfies it. */
export interface LiveSink {
  /** `now`: receipt time, epoch ms. */
  receiveSnapshot(snapshot: Snapshot, now: number): void;
  /** Returns `{ resync: true }` when the patch does not follow; null when it was dropped. */
  receivePatch(patch: Patch, now: number): PatchOutcome | null;
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
export const RECONNECT_DELAY_MAX_MS = 30_000;
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
  /** The room to follow. */
  subscription: SubscribeRequest;
  /** Where server pushes go (the live store). */
  sink: LiveSink;
  /** The socket to drive; the client owns it and disconnects it on close. */
  socket: LiveSocket;
  /**
   * Clock for receipt times and resync pacing, epoch ms.
   * @default Date.now
   */
  now?: () => number;
}

/** A running live client. */
export interface LiveClient {
  /** Stops listening, disconnects the socket and marks the connection closed. */
  close(): void;
}

/** Connects `socket` and keeps `sink` in step with the room of `subscription`. */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const { subscription, sink, socket, now = Date.now } = options;
  const request: SubscribeRequest = { scope: subscription.scope, period: subscription.period };
  /** When the unanswered resync was sent (epoch ms); null when none is outstanding. */
  let resyncSentAt: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const requestResync = (): void => {
    const t = now();
    if (resyncSentAt !== null && t - resyncSentAt < RESYNC_RETRY_MS) return;
    resyncSentAt = t;
    socket.emit('resync', request);
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
    resyncSentAt = null;
    sink.setConnection('connected');
    // Also on every reconnect: the server forgets rooms with the old connection.
    socket.emit('subscribe', request);
  };
  const onDisconnect = (): void => {
    if (closed) return;
    sink.setConnection('reconnecting');
    retryLater();
  };
  const onConnectError = (): void => {
    sink.setConnection('reconnecting');
    retryLater();
  };
  const onSnapshot = (snapshot: Snapshot): void => {
    if (!isSameRoom(request, snapshot)) return;
    resyncSentAt = null;
    sink.receiveSnapshot(snapshot, now());
  };
  const onPatch = (patch: Patch): void => {
    if (!isSameRoom(request, patch)) return;
    if (sink.receivePatch(patch, now())?.resync) requestResync();
  };
  const onLiveError = (error: LiveError): void => {
    sink.setError(error);
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('snapshot', onSnapshot);
  socket.on('patch', onPatch);
  socket.on('live-error', onLiveError);

  sink.setConnection('connecting');
  if (socket.connected) onConnect();
  else socket.connect();

  return {
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
      sink.setConnection('closed');
    },
  };
}
