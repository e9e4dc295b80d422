import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AdminModule } from './admin/admin.module';
import { AreasModule } from './areas/areas.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuthModule } from './auth/auth.module';
import { MeetingModule } from './meeting/meeting.module';
import { CasesModule } from './cases/cases.module';
import { ClusterModule } from './cluster/cluster.module';
import { MetricsModule } from './metrics/metrics.module';
import { AppConfigModule, type AppOptions } from './config/app-config.module';
import { DatabaseErrorsInterceptor } from './common/database-errors.interceptor';
import { databaseModule } from './database/database.module';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { HotspotsModule } from './hotspots/hotspots.module';
import { IngestModule } from './ingest/ingest.module';
import { LiveModule } from './live/live.module';
import { SimulatorModule } from './simulator/simulator.module';
import { StatsModule } from './stats/stats.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The application. */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: APP_INTERCEPTOR, useClass: DatabaseErrorsInterceptor }],
      imports: [
        AppConfigModule.forRoot(options),
        // In-process domain events (cases.committed, live.applied); listeners run synchronously.
        EventEmitterModule.forRoot(),
        ClusterModule,
        MetricsModule,
        databaseModule({ attempts: 10, delayMs: 2000 }),
        AreasModule,
        DepartmentsModule,
        CasesModule,
        LiveModule,
        IngestModule,
        StatsModule,
        HealthModule,
        SimulatorModule,
        AuthModule,
        MeetingModule,
        AdminModule,
        AssessmentsModule,
        HotspotsModule,
        WebhooksModule,
      ],
    };
  }
}
