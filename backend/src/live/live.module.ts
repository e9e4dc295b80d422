import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LiveGateway } from './live.gateway';
import { AuthModule } from '../auth/auth.module';
import { FloodGuard } from './flood-guard';
import { LiveService } from './live.service';
import { LogFollowerService } from './log-follower.service';

@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule, AuthModule],
  providers: [LiveService, LiveGateway, LogFollowerService, FloodGuard],
  exports: [LiveService, LogFollowerService, FloodGuard],
})
export class LiveModule {}
