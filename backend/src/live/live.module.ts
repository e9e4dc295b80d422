import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertAckEntity } from '../alerts/alert-ack.entity';
import { AlertsController } from '../alerts/alerts.controller';
import { AlertsService } from '../alerts/alerts.service';
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
 * their publisher, the alerts, and the `/live` socket layer other gateways reuse (guard, broadcaster).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AlertAckEntity]),
    AreasModule,
    DepartmentsModule,
    CasesModule,
    AuthModule,
    HotspotsModule,
  ],
  // The alerts (告警) are read from the engine's state and shown in its rooms.
  controllers: [AlertsController],
  providers: [
    AlertsService,
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
