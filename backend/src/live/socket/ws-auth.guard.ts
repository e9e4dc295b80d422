import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../auth/auth.entities';
import { AuthService } from '../../auth/auth.service';
import { READ_ROLES, type Principal } from '../../auth/principal';
import { ROLES_KEY } from '../../auth/roles.decorator';
import type { LiveSocket } from '../live-broadcaster.service';
import { CredentialSockets } from './credential-sockets.service';
import { FloodGuard } from './flood-guard';
import { LiveWsException } from './live-ws.exception';

/** What the handshake established about a socket. */
export interface SocketData {
  principal: Principal;
}

/** The principal of a socket that passed {@link WsAuthGuard} (or the handshake). */
export function principalOf(socket: LiveSocket): Principal {
  return (socket.data as SocketData).principal;
}

/** The handshake's token (`auth.token`), if any. */
export function handshakeToken(socket: Pick<LiveSocket, 'handshake'>): string | undefined {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/**
 * Every `/live` request, in every gateway: the socket's credential must still be valid (a token
 * revoked, a session ended or a user disabled since the handshake gets 401 and the socket is
 * disconnected), its role must be one the handler allows (`@Roles`, default the read roles:
 * 403 otherwise), and the socket must not flood (429, disconnected).
 */
@Injectable()
export class WsAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly flood: FloodGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const socket = context.switchToWs().getClient<LiveSocket>();
    if (!this.flood.take(socket)) {
      throw new LiveWsException(429, 'too many requests on this socket; disconnected', true);
    }
    let principal: Principal | null;
    try {
      principal = await this.auth.resolve(handshakeToken(socket));
    } catch {
      throw new LiveWsException(503, 'cannot check the credential now; retry');
    }
    if (!principal) throw new LiveWsException(401, 'the credential is no longer valid; sign in again', true);
    (socket.data as SocketData).principal = principal;
    const allowed =
      this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? READ_ROLES;
    if (!allowed.includes(principal.role)) {
      throw new LiveWsException(403, `role ${principal.role} may not ${String(context.switchToWs().getPattern())}`);
    }
    return true;
  }
}

function handshakeError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`${statusCode}: ${message}`), { data: { statusCode, message } });
}

/**
 * The namespace's connection check: a socket without a valid token of a reading role is refused
 * at the handshake (`connect_error` with `data: {statusCode, message}`), before any request; so is
 * one beyond its credential's socket limit (429). An admitted socket is in its credential's rooms.
 */
@Injectable()
export class WsHandshakeAuth {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialSockets,
  ) {}

  /** Socket.IO middleware for the `/live` namespace. */
  readonly middleware = (socket: LiveSocket, next: (err?: Error) => void): void => {
    this.auth.resolve(handshakeToken(socket)).then(
      (principal) => {
        if (!principal) return next(handshakeError(401, 'a valid token is required (handshake auth.token)'));
        if (!READ_ROLES.includes(principal.role)) {
          return next(handshakeError(403, `role ${principal.role} may not use /live`));
        }
        const refused = this.credentials.admit(socket, principal);
        if (refused) return next(handshakeError(refused.statusCode, refused.message));
        (socket.data as SocketData).principal = principal;
        next();
      },
      () => next(handshakeError(503, 'cannot check the token now; retry')),
    );
  };
}
