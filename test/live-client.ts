/** A test's own `/live` client: real socket.io-client over WebSocket, one connection per call. */
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@gridwall/shared';

/** A `/live` client socket, typed by the shared event maps. */
export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens a `/live` socket to `url` with `token` (handshake `auth.token`) on its own connection.
 * `reconnection` defaults to off: a test that is disconnected sees it instead of a reconnect.
 */
export function openLiveClient(url: string, token: string, options: { reconnection?: boolean } = {}): LiveClient {
  return io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    auth: { token },
  });
}

/** Resolves once the socket is connected; rejects with the handshake's refusal. */
export function whenConnected(socket: LiveClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}
