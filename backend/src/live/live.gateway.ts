import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@gridwall/shared';
import type { Namespace, Socket } from 'socket.io';
import { AreasService } from '../areas/areas.service';
import { parseSubscription } from './dto/subscribe.dto';
import { LiveService, roomId } from './live.service';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/** Socket.IO namespace `/live` (api.md §3): subscribe → snapshot, then coalesced patches. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayDisconnect {
  @WebSocketServer()
  server: LiveNamespace;

  constructor(
    private readonly live: LiveService,
    private readonly areas: AreasService,
  ) {}

  afterInit(): void {
    this.live.setBroadcast((event, room, payload) => {
      (this.server.to(room).emit as (e: string, p: unknown) => boolean)(event, payload);
    });
  }

  handleDisconnect(): void {
    this.pruneRooms();
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): void {
    const req = this.validated(socket, body);
    if (!req) return;
    const snapshot = this.live.snapshot(req.scope, req.period, req.tier);
    void socket.join(roomId(req.scope, req.period, snapshot.tier));
    socket.emit('snapshot', snapshot);
  }

  @SubscribeMessage('resync')
  resync(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): void {
    const req = this.validated(socket, body);
    if (!req) return;
    const snapshot = this.live.snapshot(req.scope, req.period, req.tier);
    void socket.join(roomId(req.scope, req.period, snapshot.tier));
    socket.emit('snapshot', snapshot);
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): void {
    const req = this.validated(socket, body);
    if (!req) return;
    void socket.leave(roomId(req.scope, req.period, this.live.resolveTier(req.scope, req.tier)));
    this.pruneRooms();
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

  private pruneRooms(): void {
    this.live.pruneRooms((id) => (this.server.adapter.rooms.get(id)?.size ?? 0) > 0);
  }
}
