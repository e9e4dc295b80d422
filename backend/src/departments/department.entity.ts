import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A functional department (条). */
@Entity('department')
export class DepartmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** `city` or a district code. */
  @Column({ type: 'varchar', length: 32 })
  level: string;
}
