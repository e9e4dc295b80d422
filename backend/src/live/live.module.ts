import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { HotspotsModule } from '../hotspots/hotspots.module';
import { LiveBroadcaster } from './live-broadcaster.service';
import { LiveEngine } from './live-engine.service';
import { LiveGateway } from './live.gateway';
import { LivePublisher } from './live-publisher.service';
import { LiveQueries } from './live-queries.service';
import { RoomRegistry } from './room-registry.service';
import { CredentialSockets } from './socket/credential-sockets.service';
import { FloodGuard } from './socket/flood-guard';
import { RevocationWatcher } from './socket/revocation-watcher.service';
import { SocketRooms } from './socket/socket-rooms.service';
import { WsAuthGuard, WsHandshakeAuth } from './socket/ws-auth.guard';

/**
 * The live figures: the engine (state, rebuild, apply, clock), its read models, the rooms and
 * their publisher, and the `/live` socket layer other gateways reuse (guard, broadcaster).
 */
@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule, AuthModule, HotspotsModule],
  providers: [
    LiveEngine,
    LiveQueries,
    RoomRegistry,
    LivePublisher,
    LiveBroadcaster,
    LiveGateway,
    FloodGuard,
    WsAuthGuard,
    WsHandshakeAuth,
    CredentialSockets,
    RevocationWatcher,
    SocketRooms,
  ],
  exports: [LiveEngine, LiveQueries, LiveBroadcaster, FloodGuard, WsAuthGuard, SocketRooms],
})
export class LiveModule {}
