import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { LiveModule } from '../live/live.module';
import { ReplayModule } from '../replay/replay.module';
import { StatsController } from './stats.controller';

@Module({
  imports: [LiveModule, AreasModule, ReplayModule],
  controllers: [StatsController],
})
export class StatsModule {}
