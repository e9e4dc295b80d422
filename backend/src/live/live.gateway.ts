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
import { MetricsService } from '../metrics/metrics.service';
import { parseSubscription } from './dto/subscribe.dto';
import { LiveService, roomId } from './live.service';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/** Subscription requests a socket may burst, and sustain per second. */
export const FLOOD_BURST = 30;
export const FLOOD_RATE = 3;

/** Socket.IO namespace `/live` (api.md §3): subscribe → snapshot, then coalesced patches. */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer()
  server: LiveNamespace;

  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly live: LiveService,
    private readonly areas: AreasService,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(): void {
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
    this.metrics.clients.inc({ role: 'anonymous' });
    this.buckets.set(socket.id, { tokens: FLOOD_BURST, at: performance.now() });
  }

  handleDisconnect(socket: LiveSocket): void {
    this.metrics.clients.dec({ role: 'anonymous' });
    this.buckets.delete(socket.id);
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

  /**
   * Token bucket per socket for subscribe/resync/unsubscribe: a burst of {@link FLOOD_BURST},
   * then {@link FLOOD_RATE} per second. A socket that floods is told why and disconnected.
   */
  private allow(socket: LiveSocket): boolean {
    const b = this.buckets.get(socket.id) ?? { tokens: FLOOD_BURST, at: performance.now() };
    const now = performance.now();
    b.tokens = Math.min(FLOOD_BURST, b.tokens + ((now - b.at) / 1000) * FLOOD_RATE);
    b.at = now;
    if (b.tokens < 1) {
      this.metrics.floods.inc();
      socket.emit('live-error', { statusCode: 429, message: 'too many subscribe/resync requests; disconnected' });
      socket.disconnect(true);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(socket.id, b);
    return true;
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
