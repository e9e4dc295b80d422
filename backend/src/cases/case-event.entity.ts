import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEventType } from '@gridwall/shared';
import { bigintMs } from '../database/transformers';

/** One case event as it came in: the append-only log. Never updated, never deleted. */
@Entity('case_event')
export class CaseEventEntity {
  /** Arrival order. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Index('uq_case_event_event_id', { unique: true })
  @Column({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @Index('idx_case_event_case_id')
  @Column({ name: 'case_id', type: 'varchar', length: 64 })
  caseId: string;

  @Column({ type: 'varchar', length: 16 })
  type: CaseEventType;

  /** Event time, epoch ms. */
  @Column({ name: 'at_ms', type: 'bigint', transformer: bigintMs })
  atMs: number;

  /** The normalized event as canonical JSON (what duplicates are compared against). */
  @Column({ type: 'text' })
  payload: string;

  /** When it was stored, epoch ms. */
  @Column({ name: 'received_at_ms', type: 'bigint', transformer: bigintMs })
  receivedAtMs: number;
}
