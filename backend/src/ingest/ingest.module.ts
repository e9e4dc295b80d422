import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CasesModule } from '../cases/cases.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LiveModule } from '../live/live.module';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

@Module({
  imports: [AreasModule, DepartmentsModule, CasesModule, LiveModule],
  controllers: [IngestController],
  providers: [IngestService],
  exports: [IngestService],
})
export class IngestModule {}
