import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import type { LiveError } from '@gridwall/shared';
import { AUTH_ENDED, type AuthEnded } from '../../auth/auth-events';
import type { Principal } from '../../auth/principal';
import { Clock } from '../../common/clock';
import { LiveBroadcaster, type LiveSocket } from '../live-broadcaster.service';
import { MAX_SOCKETS_PER_CREDENTIAL } from './socket-limits';

/** The room of every socket opened with a token. */
export const tokenRoomOf = (tokenId: string): string => `token:${tokenId}`;
/** The room of every socket of a user (sessions and user tokens). */
export const userRoomOf = (userId: string): string => `user:${userId}`;

/** Whether a room is one of a credential (not a subscription). */
export function isCredentialRoom(room: string): boolean {
  return room.startsWith('token:') || room.startsWith('user:');
}

/** Longest delay setTimeout takes (about 24.8 days); longer expiries re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends open sockets when their credential ends, on every instance: each socket joins its
 * credential's rooms at the handshake; a revoked token, a sign-out or a disabled user (AUTH_ENDED
 * from AuthService) ends the sockets in those rooms cluster-wide, and a session's socket ends at
 * its expiry (a timer per socket, from the injected Clock). Also bounds the sockets per
 * credential ({@link MAX_SOCKETS_PER_CREDENTIAL}).
 */
@Injectable()
export class CredentialSockets {
  private readonly logger = new Logger(CredentialSockets.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Sockets one credential may hold on this instance (SOCKETS_PER_CREDENTIAL, default {@link MAX_SOCKETS_PER_CREDENTIAL}). */
  private readonly maxSockets: number;

  constructor(
    private readonly broadcaster: LiveBroadcaster,
    private readonly clock: Clock,
    config: ConfigService,
  ) {
    this.maxSockets = config.get<number>('SOCKETS_PER_CREDENTIAL') ?? MAX_SOCKETS_PER_CREDENTIAL;
  }

  /**
   * At the handshake: joins the socket to its credential's rooms, or returns why it is refused
   * (429: the credential holds {@link MAX_SOCKETS_PER_CREDENTIAL} sockets on this instance).
   * Synchronous, so concurrent handshakes of one credential cannot all pass the count.
   */
  admit(socket: LiveSocket, principal: Principal): LiveError | null {
    const rooms = credentialRooms(principal);
    if (rooms.length === 0) return null;
    if (this.broadcaster.localCount(rooms[0]) >= this.maxSockets) {
      return {
        statusCode: 429,
        message: `this credential already holds ${this.maxSockets} sockets (the limit); close one first`,
      };
    }
    void socket.join(rooms);
    return null;
  }

  /** On connection: ends the socket when its credential expires. */
  track(socket: LiveSocket, principal: Principal): void {
    if (principal.expiresAt === null || principal.expiresAt === undefined) return;
    const expiresAt = principal.expiresAt;
    const arm = (remaining: number): void => {
      const timer = setTimeout(
        () => {
          if (remaining > MAX_TIMER_MS) return arm(remaining - MAX_TIMER_MS);
          this.timers.delete(socket.id);
          socket.emit('live-error', { statusCode: 401, message: 'the session expired; sign in again' });
          socket.disconnect(true);
        },
        Math.min(remaining, MAX_TIMER_MS),
      );
      timer.unref();
      this.timers.set(socket.id, timer);
    };
    arm(Math.max(0, expiresAt - this.clock.now()));
  }

  /** On disconnect. */
  forget(socket: LiveSocket): void {
    clearTimeout(this.timers.get(socket.id));
    this.timers.delete(socket.id);
  }

  /** Ends the sockets of credentials that ended, on every instance. */
  @OnEvent(AUTH_ENDED)
  ended(e: AuthEnded): void {
    const rooms = [...e.tokenIds.map(tokenRoomOf), ...e.userIds.map(userRoomOf)];
    this.logger.log(`ending the sockets of ${rooms.join(', ')}: ${e.reason}`);
    this.broadcaster.endSockets(rooms, { statusCode: 401, message: `${e.reason}; sign in again` });
  }
}

function credentialRooms(p: Principal): string[] {
  if (!p.tokenId) return [];
  return p.userId ? [tokenRoomOf(p.tokenId), userRoomOf(p.userId)] : [tokenRoomOf(p.tokenId)];
}
