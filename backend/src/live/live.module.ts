import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LiveGateway } from './live.gateway';
import { LiveService } from './live.service';
import { LogFollowerService } from './log-follower.service';

@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule],
  providers: [LiveService, LiveGateway, LogFollowerService],
  exports: [LiveService, LogFollowerService],
})
export class LiveModule {}
