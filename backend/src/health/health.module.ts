import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { LiveModule } from '../live/live.module';
import { HealthController } from './health.controller';

@Module({ imports: [LiveModule, CasesModule], controllers: [HealthController] })
export class HealthModule {}
