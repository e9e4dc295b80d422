import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { AuthModule } from '../auth/auth.module';
import { DepartmentsModule } from '../departments/departments.module';
import { LiveModule } from '../live/live.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { AssessmentStore } from './assessment-store.service';
import { AssessmentEntity } from './assessment.entity';

/** Issued assessments (domain.md §8): issuing, re-issuing, reads and briefings. */
@Module({
  imports: [TypeOrmModule.forFeature([AssessmentEntity]), AreasModule, DepartmentsModule, LiveModule, AuthModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentStore],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
