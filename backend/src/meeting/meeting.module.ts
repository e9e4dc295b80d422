import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LiveModule } from '../live/live.module';
import { CaseFollowersService } from './case-followers.service';
import { MeetingController } from './meeting.controller';
import { MeetingGateway } from './meeting.gateway';
import { MeetingService } from './meeting.service';
import { PresenterService } from './presenter.service';

@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule, LiveModule, AuthModule],
  controllers: [MeetingController],
  providers: [MeetingService, MeetingGateway, PresenterService, CaseFollowersService],
  exports: [MeetingService],
})
export class MeetingModule {}
