import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AreaLevel } from '@gridwall/shared';

/** A node of the area tree (市 → 县区 → 乡镇街道 → 村社区 → 网格). */
@Entity('area')
export class Area {
  /** Stable code; administrative code where one exists. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: AreaLevel;

  @Index('idx_area_parent')
  @Column({ name: 'parent_code', type: 'varchar', length: 32, nullable: true })
  parentCode: string | null;
}
