import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ReplayService } from './replay.service';

/** The figures at a past moment (replays), read from the event log. */
@Module({
  imports: [AreasModule, AssessmentsModule],
  providers: [ReplayService],
  exports: [ReplayService],
})
export class ReplayModule {}
