import type { Socket } from 'socket.io';

/**
 * Every bound the `/live` socket layer puts on one client, in one place (hardening issue: one
 * screen token had opened 19,600 rooms, and three paused sockets asking `resync` for the
 * village ranking grew the server by 1 GB).
 */

/** Requests a socket may burst, and sustain per second (subscribe, resync, case, present…); beyond: 429, disconnected. */
export const FLOOD_BURST = 30;
export const FLOOD_RATE = 3;

/** `resync` requests a socket may burst, and sustain per second; beyond: 429 answer, the socket stays. */
export const RESYNC_BURST = 4;
export const RESYNC_RATE = 0.5;

/**
 * Rooms one socket may be in at once (live rooms, followed cases, watched channels; not its own
 * id or its credential's rooms); one more: 429 answer naming the limit, the socket stays.
 */
export const MAX_ROOMS_PER_SOCKET = 16;

/**
 * Sockets one credential (screen token, session, user token) may hold open at once on one
 * instance; one more is refused at the handshake with 429.
 */
export const MAX_SOCKETS_PER_CREDENTIAL = 50;

/**
 * A socket whose connection holds more than this many messages, or bytes, not yet taken by the
 * client is a slow consumer: its snapshot requests are answered 503 instead of queued. Patches
 * are volatile (dropped, the client resyncs on the seq gap), so these bound what a client that
 * stops reading can make the server hold.
 */
export const SLOW_CONSUMER_MESSAGES = 8;
export const SLOW_CONSUMER_BYTES = 1024 * 1024;

interface EnginePacket {
  data?: unknown;
}
interface EngineTransport {
  writable?: boolean;
  /** The `ws` WebSocket of the websocket transport. */
  socket?: { bufferedAmount?: number };
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data && typeof (data as ArrayBufferLike).byteLength === 'number') return (data as ArrayBufferLike).byteLength;
  return 0;
}

/** What a socket's connection holds that its client has not taken yet: messages and bytes. */
export function buffered(socket: Socket): { messages: number; bytes: number } {
  const conn = socket.conn as unknown as { writeBuffer?: EnginePacket[]; transport?: EngineTransport };
  const queue = conn.writeBuffer ?? [];
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of queue) bytes += sizeOf(packet.data);
  return { messages: queue.length, bytes };
}

/** Whether the socket's client has stopped taking what it is sent (see {@link SLOW_CONSUMER_MESSAGES}). */
export function isSlowConsumer(socket: Socket): boolean {
  const { messages, bytes } = buffered(socket);
  return messages > SLOW_CONSUMER_MESSAGES || bytes > SLOW_CONSUMER_BYTES;
}
