import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { StatsController } from './stats.controller';

@Module({
  imports: [LiveModule],
  controllers: [StatsController],
})
export class StatsModule {}
