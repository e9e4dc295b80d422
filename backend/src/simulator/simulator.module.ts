import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { SimulatorService } from './simulator.service';

@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule],
  providers: [SimulatorService],
  exports: [SimulatorService],
})
export class SimulatorModule {}
