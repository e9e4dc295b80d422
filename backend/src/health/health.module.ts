import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { LiveModule } from '../live/live.module';
import { DatabaseRecovery } from './database-recovery.service';
import { HealthController } from './health.controller';

@Module({ imports: [LiveModule, CasesModule], controllers: [HealthController], providers: [DatabaseRecovery] })
export class HealthModule {}
