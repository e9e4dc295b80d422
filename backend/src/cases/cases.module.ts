import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventEntity } from './case-event.entity';
import { CaseStateEntity } from './case-state.entity';
import { CaseStoreService } from './case-store.service';
import { LogFollowerService } from './log-follower.service';

@Module({
  imports: [TypeOrmModule.forFeature([CaseEventEntity, CaseStateEntity])],
  providers: [CaseStoreService, LogFollowerService],
  exports: [CaseStoreService, LogFollowerService],
})
export class CasesModule {}
