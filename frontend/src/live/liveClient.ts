/**
 * The one typed Socket.IO client of the live protocol (api.md §3), and the only code that sends
 * on the socket. Over one socket it
 * - follows any number of rooms (`retain`): a subscription is known by its request; the
 *   snapshot in the subscribe acknowledgement names its room, and patches are routed by
 *   `patch.room`, so the client never guesses a room's tier;
 * - asks for a `resync` when a room shows a seq gap, and subscribes every room again after a
 *   reconnect (each answers with a snapshot);
 * - follows case details (`followCase`) and presenter channels (`watchChannel`), and presents
 *   (`present`).
 * Server pushes go into the live store (the sink); components only read the store.
 */
import type {
  CaseDetail,
  LiveError,
  Patch,
  Presentation,
  PresentTarget,
  Snapshot,
  SubscribeRequest,
} from '@gridwall/shared';
import type { ConnectionState } from './liveStore';
import { requestKey } from './liveStore';
import type { PatchOutcome } from './liveMerge';
import { createFollowing, type FollowListener } from './following';
import { RECONNECT_DELAY_MAX_MS, requesterOf, type LiveSocket } from './liveSocket';

export { openLiveSocket, RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MS, type LiveSocket } from './liveSocket';
export type { FollowListener } from './following';

/** What the client writes into, per subscription: the live store satisfies it. */
export interface LiveSink {
  /** A subscription is followed from now on (epoch ms). */
  trackRoom(request: SubscribeRequest, now: number): void;
  /** A subscription is no longer followed. */
  untrackRoom(request: SubscribeRequest): void;
  /** `now`: receipt time, epoch ms. */
  receiveSnapshot(request: SubscribeRequest, snapshot: Snapshot, now: number): void;
  /** Returns `{ resync: true }` when the patch does not follow; null when it was dropped. */
  receivePatch(request: SubscribeRequest, patch: Patch, now: number): PatchOutcome | null;
  setConnection(state: ConnectionState): void;
  setError(error: LiveError): void;
}

/**
 * How long a resync request may go unanswered before another gap may ask again, in ms. Patches
 * that arrive while a snapshot is on its way all show a gap; this keeps them from each asking.
 */
export const RESYNC_RETRY_MS = 5_000;

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
  /**
   * How long a request may go unanswered, ms.
   * @default ACK_TIMEOUT_MS
   */
  ackTimeoutMs?: number;
}

/** A running live client. */
export interface LiveClient {
  /**
   * Follows the room of `request` (reference-counted: the same request retained twice is
   * subscribed once). Returns the release function; the last release unsubscribes.
   */
  retain(request: SubscribeRequest): () => void;
  /** Asks every followed room for a fresh snapshot (a silent room, a suspected lost patch). */
  resyncAll(): void;
  /** Drops and reopens the connection (a socket that looks connected but carries nothing). */
  reconnect(): void;
  /** Follows one case's details (the answer, then every change); returns the release function. */
  followCase(caseId: string, listener: FollowListener<CaseDetail>): () => void;
  /** Follows what a presenter channel shows (now, then every change); returns the release function. */
  watchChannel(channel: string, listener: FollowListener<Presentation>): () => void;
  /** Shows `target` on the screens watching `channel` (null: stop); resolves with the refusal, if any. */
  present(channel: string, target: PresentTarget | null): Promise<LiveError | null>;
  /** Stops listening, disconnects the socket and marks the connection closed. */
  close(): void;
}

interface Entry {
  request: SubscribeRequest;
  refs: number;
  /** The server's room of the request, from its last snapshot; null until the first. */
  room: string | null;
  /** When the unanswered resync was sent (epoch ms); null when none is outstanding. */
  resyncSentAt: number | null;
}

/**
 * The request as sent: only the fields the protocol knows, no tier when the server decides it,
 * `at` only for a replay.
 */
function wire(request: SubscribeRequest): SubscribeRequest {
  const { scope, period, tier, at } = request;
  return { scope, period, ...(tier === undefined ? {} : { tier }), ...(at === undefined ? {} : { at }) };
}

/** An answer that did not come, as the error the user sees. */
const NO_ANSWER: LiveError = { statusCode: 503, message: '服务器未响应，请稍后再试' };

/** Connects `socket` and keeps `sink` in step with every retained room. */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const { sink, socket, subscriptions = [], now = Date.now } = options;
  const ask = requesterOf(socket, options.ackTimeoutMs);
  const entries = new Map<string, Entry>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const connected = (): boolean => !closed && socket.connected;

  const live = (entry: Entry): boolean => entries.get(requestKey(entry.request)) === entry;
  const take = (entry: Entry, snapshot: Snapshot): void => {
    entry.room = snapshot.room;
    entry.resyncSentAt = null;
    sink.receiveSnapshot(entry.request, snapshot, now());
  };

  /** Sends `subscribe` (or `resync`) for `entry` and takes the snapshot its acknowledgement carries. */
  const fetchSnapshot = (entry: Entry, event: 'subscribe' | 'resync'): void => {
    ask(event, wire(entry.request), (answer) => {
      if (!answer || !live(entry)) return; // Lost: the watchdog or the next gap asks again.
      if (answer.ok) take(entry, answer.data);
      else sink.setError(answer.error);
    });
  };

  const requestResync = (entry: Entry): void => {
    const t = now();
    if (entry.resyncSentAt !== null && t - entry.resyncSentAt < RESYNC_RETRY_MS) return;
    entry.resyncSentAt = t;
    fetchSnapshot(entry, 'resync');
  };

  const cases = createFollowing<CaseDetail>({
    connected,
    ask: (caseId, onAnswer) => ask('case-subscribe', { caseId }, onAnswer),
    release: (caseId) => ask('case-unsubscribe', { caseId }),
  });
  const channels = createFollowing<Presentation>({
    connected,
    ask: (channel, onAnswer) => ask('watch', { channel }, onAnswer),
  });

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
    // Also on every reconnect: the server forgot our rooms, cases and channels with the old connection.
    for (const entry of entries.values()) {
      // The server forgot the room with the old connection: it is unknown again until the answer.
      entry.room = null;
      entry.resyncSentAt = null;
      fetchSnapshot(entry, 'subscribe');
    }
    cases.askAll();
    channels.askAll();
  };
  const onDisconnect = (): void => {
    if (closed) return;
    sink.setConnection('reconnecting');
    retryLater();
  };
  const onConnectError = (error: Error): void => {
    sink.setConnection('reconnecting');
    // The server refuses a missing or bad token with "401: …" / "403: …".
    const refused = /^(401|403)\b/.exec(error?.message ?? '');
    if (refused) sink.setError({ statusCode: Number(refused[1]), message: error.message });
    retryLater();
  };
  /**
   * The live entries whose server room is `room`. A replay (`at`) names the room it shows but
   * joins none: pushes of the live room are never its own.
   */
  const inRoom = (room: string): Entry[] =>
    [...entries.values()].filter((e) => e.room === room && e.request.at === undefined);
  // A snapshot not asked for (the server's own resend): routed by its room like a patch.
  const onSnapshot = (snapshot: Snapshot): void => {
    for (const entry of inRoom(snapshot.room)) take(entry, snapshot);
  };
  const onPatch = (patch: Patch): void => {
    const t = now();
    for (const entry of inRoom(patch.room)) {
      if (sink.receivePatch(entry.request, patch, t)?.resync) requestResync(entry);
    }
  };
  const onLiveError = (error: LiveError): void => sink.setError(error);
  const onCase = (detail: CaseDetail): void => cases.deliver(detail.caseId, detail);
  const onPresenting = (presentation: Presentation): void => channels.deliver(presentation.channel, presentation);

  /**
   * Whether another entry may share the server room of `entry` (so leaving it would cut that one
   * off). While either room is not known yet, one of the same scope and period may: the room is
   * kept, which costs only the messages nobody reads until the next reconnect.
   */
  const sharesServerRoom = (entry: Entry): boolean => {
    for (const other of entries.values()) {
      if (other === entry || other.request.at !== undefined) continue;
      if (entry.room !== null && other.room === entry.room) return true;
      const unknown = entry.room === null || other.room === null;
      if (unknown && other.request.scope === entry.request.scope && other.request.period === entry.request.period) {
        return true;
      }
    }
    return false;
  };

  const retain = (request: SubscribeRequest): (() => void) => {
    const key = requestKey(request);
    let entry = entries.get(key);
    if (!entry) {
      entry = { request: wire(request), refs: 0, room: null, resyncSentAt: null };
      entries.set(key, entry);
      sink.trackRoom(entry.request, now());
      if (connected()) fetchSnapshot(entry, 'subscribe');
    }
    entry.refs += 1;
    let released = false;
    const held = entry;
    return () => {
      if (released || closed) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0) return;
      // A replay joined no room: there is nothing to leave.
      if (connected() && held.request.at === undefined && !sharesServerRoom(held)) ask('unsubscribe', held.request);
      entries.delete(key);
      sink.untrackRoom(held.request);
    };
  };

  const listeners = {
    connect: onConnect,
    disconnect: onDisconnect,
    connect_error: onConnectError,
    snapshot: onSnapshot,
    patch: onPatch,
    'live-error': onLiveError,
    case: onCase,
    presenting: onPresenting,
  } as const;
  const each = (fn: (event: string, listener: (...args: never[]) => void) => void): void => {
    for (const [event, listener] of Object.entries(listeners)) fn(event, listener);
  };
  each((event, listener) => socket.on(event as 'connect', listener as () => void));

  for (const request of subscriptions) retain(request);
  sink.setConnection('connecting');
  if (socket.connected) onConnect();
  else socket.connect();

  return {
    retain,
    resyncAll(): void {
      if (!connected()) return;
      const t = now();
      for (const entry of entries.values()) {
        // A replay's snapshot is final: nothing newer can come.
        if (entry.request.at !== undefined && entry.room !== null) continue;
        entry.resyncSentAt = t;
        // A room that never answered its subscribe is asked to subscribe again.
        fetchSnapshot(entry, entry.room === null ? 'subscribe' : 'resync');
      }
    },
    reconnect(): void {
      if (closed) return;
      socket.disconnect();
      socket.connect();
    },
    followCase: (caseId, listener) => cases.follow(caseId, listener),
    watchChannel: (channel, listener) => channels.follow(channel, listener),
    present(channel, target): Promise<LiveError | null> {
      if (!connected()) return Promise.resolve(NO_ANSWER);
      return new Promise((resolve) => {
        ask('present', { channel, target }, (answer) => {
          if (answer?.ok) channels.deliver(channel, answer.data);
          resolve(answer ? (answer.ok ? null : answer.error) : NO_ANSWER);
        });
      });
    },
    close(): void {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      each((event, listener) => socket.off(event as 'connect', listener as () => void));
      socket.disconnect();
      for (const entry of entries.values()) sink.untrackRoom(entry.request);
      entries.clear();
      cases.clear();
      channels.clear();
      sink.setConnection('closed');
    },
  };
}
