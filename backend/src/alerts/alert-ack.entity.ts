import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintMs } from '../database/transformers';

/** One acknowledged alert. Kept {@link ALERT_ACK_RETENTION_MS} (alerts service). */
@Entity('alert_ack')
export class AlertAckEntity {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  @Index('idx_alert_ack_at')
  @Column({ name: 'acked_at', type: 'bigint', transformer: bigintMs })
  ackedAt: number;

  @Column({ name: 'acked_by', type: 'varchar', length: 100 })
  ackedBy: string;
}
