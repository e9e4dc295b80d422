import { UseFilters, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
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
import { ModuleRef } from '@nestjs/core';
import { LIVE_NAMESPACE, parseIsoWithOffset, type RoomId, type Snapshot } from '@gridwall/shared';
import { ReplayService } from '../replay/replay.service';
import { MetricsService } from '../metrics/metrics.service';
import { SubscribeDto } from './dto/subscribe.dto';
import { LiveBroadcaster, type LiveNamespace, type LiveSocket } from './live-broadcaster.service';
import { RoomRegistry } from './room-registry.service';
import { AnswerAs, AnswerInterceptor } from './socket/answer.interceptor';
import { CredentialSockets } from './socket/credential-sockets.service';
import { FloodGuard } from './socket/flood-guard';
import { LiveExceptionFilter } from './socket/live-exception.filter';
import { SocketRooms } from './socket/socket-rooms.service';
import { principalOf, WsAuthGuard, WsHandshakeAuth, type SocketData } from './socket/ws-auth.guard';
import { wsValidationPipe } from './socket/ws-validation.pipe';

/** The role of a socket's principal (for metrics). */
function roleOf(socket: LiveSocket): string {
  return (socket.data as Partial<SocketData>).principal?.role ?? 'none';
}

/**
 * Socket.IO namespace `/live` (api.md §3): `subscribe` → the room's snapshot, then coalesced
 * patches from the publisher. Thin: validation, auth and answers are the socket layer's
 * (pipe, guard, interceptor, filter); rooms are the registry's.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
@UseGuards(WsAuthGuard)
@UsePipes(wsValidationPipe)
@UseInterceptors(AnswerInterceptor)
@UseFilters(LiveExceptionFilter)
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer()
  server: LiveNamespace;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly broadcaster: LiveBroadcaster,
    private readonly handshake: WsHandshakeAuth,
    private readonly flood: FloodGuard,
    private readonly credentials: CredentialSockets,
    private readonly socketRooms: SocketRooms,
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  afterInit(server: LiveNamespace): void {
    server.use(this.handshake.middleware);
    this.broadcaster.attach(server);
  }

  handleConnection(socket: LiveSocket): void {
    this.metrics.clients.inc({ role: roleOf(socket) });
    this.credentials.track(socket, principalOf(socket));
  }

  handleDisconnect(socket: LiveSocket): void {
    this.metrics.clients.dec({ role: roleOf(socket) });
    this.flood.forget(socket);
    this.credentials.forget(socket);
    this.rooms.prune();
  }

  @SubscribeMessage('subscribe')
  @AnswerAs('snapshot')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: SubscribeDto): Promise<Snapshot> {
    return this.join(socket, req, false);
  }

  @SubscribeMessage('resync')
  @AnswerAs('snapshot')
  resync(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: SubscribeDto): Promise<Snapshot> {
    return this.join(socket, req, true);
  }

  /** `subscribe` with `at`: one snapshot of the room as it stood then; no live room is joined. */
  private async replay(socket: LiveSocket, req: SubscribeDto): Promise<Snapshot> {
    // Replays read the log: rate-limited like resyncs.
    this.socketRooms.assertMaySnapshot(socket, true);
    const key = this.rooms.resolve(req.scope, req.period, req.tier);
    const replay = this.moduleRef.get(ReplayService, { strict: false });
    const t = parseIsoWithOffset(req.at!)!;
    return replay.at(t, req.period, async (src) =>
      this.rooms.replaySnapshot(key, src, await replay.feed(req.scope, t, src.state)),
    );
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() req: SubscribeDto,
  ): Promise<{ room: RoomId }> {
    const { id } = this.rooms.resolve(req.scope, req.period, req.tier);
    await socket.leave(id);
    this.rooms.prune();
    return { room: id };
  }

  private async join(socket: LiveSocket, req: SubscribeDto, resync: boolean): Promise<Snapshot> {
    if (req.at !== undefined) return this.replay(socket, req);
    this.socketRooms.assertMaySnapshot(socket, resync);
    // Join first: no patch sent after the snapshot is computed can be missed.
    const room = this.rooms.resolve(req.scope, req.period, req.tier);
    await this.socketRooms.join(socket, room.id);
    return this.rooms.snapshot(room);
  }
}
