import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseStatus, Category, HandlerLevel, Satisfaction, Source } from '@gridwall/shared';
import { bigintMs, smallBool } from '../database/transformers';

/** The fold of a case's events (domain.md §4), kept in step with the log in the same transaction. */
@Entity('case_state')
export class CaseStateEntity {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 64 })
  caseId: string;

  @Index('idx_case_state_status')
  @Column({ type: 'varchar', length: 16 })
  status: CaseStatus;

  @Index('idx_case_state_grid')
  @Column({ name: 'grid_code', type: 'varchar', length: 32, nullable: true })
  gridCode: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  category: Category | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  source: Source | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Index('idx_case_state_reported')
  @Column({ name: 'reported_at', type: 'bigint', nullable: true, transformer: bigintMs })
  reportedAt: number | null;

  @Column({ name: 'accepted_at', type: 'bigint', nullable: true, transformer: bigintMs })
  acceptedAt: number | null;

  @Column({ type: 'smallint', transformer: smallBool })
  rejected: boolean;

  @Column({ type: 'bigint', nullable: true, transformer: bigintMs })
  deadline: number | null;

  @Column({ name: 'last_dispatch_at', type: 'bigint', nullable: true, transformer: bigintMs })
  lastDispatchAt: number | null;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: bigintMs })
  resolvedAt: number | null;

  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: bigintMs })
  closedAt: number | null;

  @Column({ name: 'handler_level', type: 'varchar', length: 16, nullable: true })
  handlerLevel: HandlerLevel | null;

  @Column({ name: 'resolved_handler_level', type: 'varchar', length: 16, nullable: true })
  resolvedHandlerLevel: HandlerLevel | null;

  @Column({ name: 'department_code', type: 'varchar', length: 64, nullable: true })
  departmentCode: string | null;

  @Column({ name: 'joint_meeting', type: 'smallint', transformer: smallBool })
  jointMeeting: boolean;

  @Column({ name: 'rework_count', type: 'int' })
  reworkCount: number;

  @Column({ name: 'extended_count', type: 'int' })
  extendedCount: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  satisfaction: Satisfaction | null;

  @Column({ name: 'event_count', type: 'int' })
  eventCount: number;

  @Column({ name: 'last_event_at', type: 'bigint', nullable: true, transformer: bigintMs })
  lastEventAt: number | null;
}
