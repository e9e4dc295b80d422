import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind, WebhookFormat } from '@gridwall/shared';
import { bigintMs } from '../database/transformers';

/** An outgoing webhook configured by an admin. */
@Entity('webhook')
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ type: 'varchar', length: 1000 })
  url: string;

  /** HMAC-SHA256 key (kept in clear: it must sign). Never listed. */
  @Column({ type: 'varchar', length: 200 })
  secret: string;

  /** Comma-separated notification kinds. */
  @Column({ type: 'varchar', length: 200 })
  kinds: string;

  @Column({ type: 'varchar', length: 16 })
  format: WebhookFormat;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintMs })
  createdAt: number;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;
}

/** Outbox states: waiting (first try or a retry), delivered (kept a while), failed for good. */
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** One notification to deliver to one webhook: durable, retried with backoff until delivered or failed. */
@Entity('webhook_outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'webhook_id', type: 'varchar', length: 36 })
  webhookId: string;

  /** The idempotency key: the same in every attempt. */
  @Column({ name: 'notification_id', type: 'varchar', length: 64 })
  notificationId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  /** The notification body (JSON of NotificationBody); rendered per format when sent. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: bigintMs })
  nextAttemptAt: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintMs })
  createdAt: number;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: bigintMs })
  deliveredAt: number | null;

  @Column({ name: 'last_status', type: 'int', nullable: true })
  lastStatus: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}

/** How far a periodic notification source has checked (the overdue scan). */
@Entity('notify_cursor')
export class NotifyCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'at_ms', type: 'bigint', transformer: bigintMs })
  atMs: number;
}
