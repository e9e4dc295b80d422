import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AssessmentKind } from '@gridwall/shared';
import { bigintMs } from '../database/transformers';

/** One issued version of an assessment period (domain.md §8). Never updated, never deleted. */
@Entity('assessment')
@Index('uq_assessment_version', ['kind', 'periodKey', 'version'], { unique: true })
export class AssessmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: AssessmentKind;

  /** 2026-W48, 2026-11, 2026-Q4, 2026. */
  @Column({ name: 'period_key', type: 'varchar', length: 16 })
  periodKey: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'from_ms', type: 'bigint', transformer: bigintMs })
  fromMs: number;

  @Column({ name: 'to_ms', type: 'bigint', transformer: bigintMs })
  toMs: number;

  /** The highest event sequence number it saw. */
  @Column({ name: 'cutoff_seq', type: 'bigint', transformer: bigintMs })
  cutoffSeq: number;

  /** Events with seq ≤ cutoff and `at` before the period end. */
  @Column({ type: 'int' })
  events: number;

  @Column({ name: 'issued_at_ms', type: 'bigint', transformer: bigintMs })
  issuedAtMs: number;

  /** sha256 (hex) of the canonical JSON of the content. */
  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** The admin's reason of a re-issue; null for a scheduled issue. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'issued_by', type: 'varchar', length: 100, nullable: true })
  issuedBy: string | null;

  @Column({ name: 'previous_period', type: 'varchar', length: 16, nullable: true })
  previousPeriod: string | null;

  @Column({ name: 'previous_version', type: 'int', nullable: true })
  previousVersion: number | null;

  /** The content: gzipped canonical JSON. */
  @Column({ type: 'blob', select: false })
  body: Buffer;
}
