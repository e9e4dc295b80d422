import { Injectable } from '@nestjs/common';
import type { ClientToServerEvents, LiveError, ServerToClientEvents } from '@gridwall/shared';
import type { Namespace, Socket } from 'socket.io';

/** The `/live` namespace, typed by the shared event maps. */
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
/** One `/live` socket. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** How a message is sent. */
export interface SendOptions {
  /** Only to this instance's clients (while Redis is unreachable). @default false */
  localOnly?: boolean;
  /**
   * Dropped for a client whose connection cannot take it now instead of buffered without bound
   * (patches: the client sees the seq gap and resyncs). @default false
   */
  volatile?: boolean;
}

/**
 * The one way services send to `/live` rooms: a typed `send(event, room, payload)`, to the
 * room's clients on every instance (through the Socket.IO Redis adapter when clustered). The
 * gateway attaches the namespace once it exists.
 */
@Injectable()
export class LiveBroadcaster {
  private server: LiveNamespace | undefined;

  /** Called by the gateway with its namespace. */
  attach(server: LiveNamespace): void {
    this.server = server;
  }

  send<E extends keyof ServerToClientEvents>(
    event: E,
    room: string,
    payload: Parameters<ServerToClientEvents[E]>[0],
    options: SendOptions = {},
  ): void {
    if (!this.server) return;
    let target = options.localOnly ? this.server.local.to(room) : this.server.to(room);
    if (options.volatile) target = target.volatile;
    (target.emit as (e: string, p: unknown) => boolean)(event, payload);
  }

  /**
   * Ends the sockets in any of `rooms` on every instance (through the Redis adapter when
   * clustered): each is told why (`live-error`), then disconnected.
   */
  endSockets(rooms: string[], error: LiveError): void {
    if (!this.server || rooms.length === 0) return;
    this.server.to(rooms).emit('live-error', error);
    this.server.in(rooms).disconnectSockets(true);
  }

  /** Sockets of this instance in a room (those still in their handshake included). */
  localCount(room: string): number {
    return this.server?.adapter.rooms.get(room)?.size ?? 0;
  }

  /** Whether a room has a subscriber on this instance. */
  hasLocalMembers(room: string): boolean {
    return (this.server?.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /** This instance's sockets in a room. */
  localSockets(room: string): LiveSocket[] {
    const server = this.server;
    if (!server) return [];
    const out: LiveSocket[] = [];
    for (const id of server.adapter.rooms.get(room) ?? []) {
      const socket = server.sockets.get(id);
      if (socket) out.push(socket);
    }
    return out;
  }

  /** Rooms with a subscriber on any instance (through the Redis adapter), this one's alone otherwise. */
  clusterRooms(): Promise<Set<string>> {
    if (!this.server) return Promise.resolve(new Set());
    const adapter = this.server.adapter as unknown as {
      allRooms?: () => Promise<Set<string>>;
      rooms: Map<string, unknown>;
    };
    return adapter.allRooms ? adapter.allRooms() : Promise.resolve(new Set(adapter.rooms.keys()));
  }
}
