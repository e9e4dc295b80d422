/**
 * The `/live` socket (api.md §3): how it is opened, and how a request event is sent with an
 * acknowledgement that may time out. Only the live client uses this module.
 */
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@gridwall/shared';
import type { Ack, AckCallback, ClientToServerEvents, ServerToClientEvents } from '@gridwall/shared';

/** The socket of the `/live` namespace, typed by the shared event maps. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Options of {@link openLiveSocket}. */
export interface LiveSocketOptions {
  /**
   * Screen or user token sent as `auth.token` in the handshake.
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
/** How long a request may go unanswered before it counts as lost, in ms. */
export const ACK_TIMEOUT_MS = 10_000;

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

/** The request events of the protocol (every client event takes an acknowledgement). */
export type RequestEvent = keyof ClientToServerEvents;

/** What a request event sends. */
export type RequestOf<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];

/** What a request event's acknowledgement carries when it succeeds. */
export type AnswerOf<E extends RequestEvent> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends AckCallback<infer T> ? T : never;

/** Receives a request's acknowledgement; null when none came within the timeout. */
export type AnswerHandler<E extends RequestEvent> = (answer: Ack<AnswerOf<E>> | null) => void;

/** Sends one request event and hands its acknowledgement (or null after a timeout) to `onAnswer`. */
export type Requester = <E extends RequestEvent>(event: E, request: RequestOf<E>, onAnswer?: AnswerHandler<E>) => void;

/** The timeout-acknowledged emit of a socket, as the shared event map's optional callbacks cannot type it. */
interface TimeoutEmitter {
  emit(event: string, request: unknown, callback: (err: Error | null, answer?: unknown) => void): unknown;
}

/** A {@link Requester} on `socket`: `socket.timeout(timeoutMs).emit(event, request, ack)`. */
export function requesterOf(socket: LiveSocket, timeoutMs: number = ACK_TIMEOUT_MS): Requester {
  return (event, request, onAnswer) => {
    const emitter = socket.timeout(timeoutMs) as unknown as TimeoutEmitter;
    emitter.emit(event, request, (err, answer) => {
      onAnswer?.(err ? null : (answer as Ack<AnswerOf<typeof event>>));
    });
  };
}
