import { Injectable } from '@nestjs/common';
import type { LiveSocket } from '../live-broadcaster.service';
import { isCredentialRoom } from './credential-sockets.service';
import { FloodGuard } from './flood-guard';
import { LiveWsException } from './live-ws.exception';
import { isSlowConsumer, MAX_ROOMS_PER_SOCKET, RESYNC_BURST, RESYNC_RATE } from './socket-limits';

/**
 * The rooms a socket joins (live rooms, followed cases, watched channels), within the bounds of
 * socket-limits.ts: at most {@link MAX_ROOMS_PER_SOCKET} at once, no snapshot for a slow
 * consumer, `resync` at the tighter rate.
 */
@Injectable()
export class SocketRooms {
  constructor(private readonly flood: FloodGuard) {}

  /** Joins a room, or throws 429 when the socket is in {@link MAX_ROOMS_PER_SOCKET} already. */
  async join(socket: LiveSocket, room: string): Promise<void> {
    if (!socket.rooms.has(room)) {
      let held = 0;
      for (const r of socket.rooms) if (r !== socket.id && !isCredentialRoom(r)) held += 1;
      if (held >= MAX_ROOMS_PER_SOCKET) {
        throw new LiveWsException(
          429,
          `a socket may be in at most ${MAX_ROOMS_PER_SOCKET} rooms at once; unsubscribe from one first`,
        );
      }
    }
    await socket.join(room);
  }

  /**
   * Throws unless the socket may be sent a full snapshot now: 429 for a `resync` beyond
   * {@link RESYNC_BURST} (then one per 1/{@link RESYNC_RATE} s), 503 while it does not take what
   * it was already sent.
   */
  assertMaySnapshot(socket: LiveSocket, resync: boolean): void {
    if (resync && !this.flood.takeResync(socket)) {
      throw new LiveWsException(
        429,
        `resync: at most ${RESYNC_BURST} at once, then one every ${1 / RESYNC_RATE} s per socket; retry later`,
      );
    }
    if (isSlowConsumer(socket)) {
      throw new LiveWsException(503, 'slow consumer: this socket has not taken what it was sent yet; retry later');
    }
  }
}
