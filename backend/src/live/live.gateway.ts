import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@gridwall/shared';
import type { Namespace, Socket } from 'socket.io';
import { AreasService } from '../areas/areas.service';
import { AuthService } from '../auth/auth.service';
import { READ_ROLES, type Principal } from '../auth/principal';
import { MetricsService } from '../metrics/metrics.service';
import { FloodGuard } from './flood-guard';
import { parseSubscription } from './dto/subscribe.dto';
import { LiveService, roomId } from './live.service';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/** What the handshake established about a socket. */
export interface SocketData {
  principal: Principal;
}

/** The role of a socket's principal (for metrics). */
export function roleOf(socket: Socket): string {
  return (socket.data as Partial<SocketData>).principal?.role ?? 'none';
}

function authError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`${statusCode}: ${message}`), { data: { statusCode, message } });
}

/** Socket.IO namespace `/live` (api.md §3): subscribe → snapshot, then coalesced patches. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer()
  server: LiveNamespace;

  constructor(
    private readonly live: LiveService,
    private readonly areas: AreasService,
    private readonly metrics: MetricsService,
    private readonly auth: AuthService,
    private readonly flood: FloodGuard,
  ) {}

  afterInit(): void {
    // Every connection needs a valid token (handshake `auth.token`) of a reading role.
    this.server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      void this.auth.resolve(typeof token === 'string' ? token : undefined).then(
        (principal) => {
          if (!principal) return next(authError(401, 'a valid token is required (handshake auth.token)'));
          if (!READ_ROLES.includes(principal.role))
            return next(authError(403, `role ${principal.role} may not use /live`));
          (socket.data as SocketData).principal = principal;
          next();
        },
        () => next(authError(503, 'cannot check the token now; retry')),
      );
    });
    this.live.setTransport({
      broadcast: (event, room, payload, localOnly) => {
        // Volatile: a client whose connection cannot take more right now misses the patch
        // instead of making the server buffer without bound; it sees the seq gap and resyncs.
        const target = localOnly ? this.server.local.to(room) : this.server.to(room);
        (target.volatile.emit as (e: string, p: unknown) => boolean)(event, payload);
      },
      hasLocalMembers: (room) => (this.server.adapter.rooms.get(room)?.size ?? 0) > 0,
      clusterRooms: () => {
        const adapter = this.server.adapter as unknown as {
          allRooms?: () => Promise<Set<string>>;
          rooms: Map<string, unknown>;
        };
        return adapter.allRooms ? adapter.allRooms() : Promise.resolve(new Set(adapter.rooms.keys()));
      },
    });
  }

  handleConnection(socket: LiveSocket): void {
    this.metrics.clients.inc({ role: roleOf(socket) });
  }

  handleDisconnect(socket: LiveSocket): void {
    this.metrics.clients.dec({ role: roleOf(socket) });
    this.flood.forget(socket);
    this.live.pruneRooms();
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    return this.sendSnapshot(socket, body);
  }

  @SubscribeMessage('resync')
  resync(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    return this.sendSnapshot(socket, body);
  }

  private async sendSnapshot(socket: LiveSocket, body: unknown): Promise<void> {
    if (!this.allow(socket)) return;
    const req = this.validated(socket, body);
    if (!req) return;
    const tier = this.live.resolveTier(req.scope, req.tier);
    // Join first: no patch sent after the snapshot is computed can be missed.
    await socket.join(roomId(req.scope, req.period, tier));
    socket.emit('snapshot', await this.live.snapshot(req.scope, req.period, req.tier));
  }

  private allow(socket: LiveSocket): boolean {
    return this.flood.allow(socket);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    if (!this.allow(socket)) return;
    const req = this.validated(socket, body);
    if (!req) return;
    await socket.leave(roomId(req.scope, req.period, this.live.resolveTier(req.scope, req.tier)));
    this.live.pruneRooms();
  }

  private validated(socket: LiveSocket, body: unknown) {
    const req = parseSubscription(body);
    if (typeof req === 'string') {
      socket.emit('live-error', { statusCode: 400, message: req });
      return undefined;
    }
    if (!this.areas.tree.has(req.scope)) {
      socket.emit('live-error', { statusCode: 400, message: `scope: unknown area code ${JSON.stringify(req.scope)}` });
      return undefined;
    }
    try {
      this.live.resolveTier(req.scope, req.tier);
    } catch (err) {
      socket.emit('live-error', { statusCode: 400, message: (err as Error).message });
      return undefined;
    }
    return req;
  }
}
