import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Category, HotspotLevel } from '@gridwall/shared';
import { bigintMs } from '../database/transformers';

/** One raised hotspot: when, its peak, the test that raised it, when it cleared (null: current). */
@Entity('hotspot')
export class HotspotEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode: string;

  @Column({ name: 'unit_level', type: 'varchar', length: 16 })
  unitLevel: HotspotLevel;

  /** The unit's district and township (scope filters without assuming prefix codes). */
  @Column({ name: 'district_code', type: 'varchar', length: 32, nullable: true })
  districtCode: string | null;

  @Column({ name: 'township_code', type: 'varchar', length: 32, nullable: true })
  townshipCode: string | null;

  @Column({ type: 'varchar', length: 32 })
  category: Category;

  @Column({ name: 'raised_at', type: 'bigint', transformer: bigintMs })
  raisedAt: number;

  @Column({ name: 'cleared_at', type: 'bigint', nullable: true, transformer: bigintMs })
  clearedAt: number | null;

  @Column({ name: 'window_hours', type: 'int' })
  windowHours: number;

  @Column({ name: 'trigger_hours', type: 'int' })
  triggerHours: number;

  @Column({ name: 'trigger_count', type: 'int' })
  triggerCount: number;

  @Column({ name: 'trigger_expected', type: 'double' })
  triggerExpected: number;

  @Column({ name: 'trigger_p', type: 'double' })
  triggerP: number;

  @Column({ name: 'trigger_threshold', type: 'double' })
  triggerThreshold: number;

  @Column({ name: 'peak_count', type: 'int' })
  peakCount: number;

  @Column({ name: 'peak_at', type: 'bigint', transformer: bigintMs })
  peakAt: number;

  @Column({ name: 'peak_expected', type: 'double' })
  peakExpected: number;

  @Column({ name: 'min_p', type: 'double' })
  minP: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintMs })
  updatedAt: number;
}
