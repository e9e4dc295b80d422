import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  MAX_WEBHOOKS,
  NOTIFICATION_KINDS,
  toCityIso,
  type NotificationKind,
  type WebhookCreated,
  type WebhookView,
} from '@gridwall/shared';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { validationMessage } from '../common/validation';
import { CreateWebhookDto } from './dto/webhook.dto';
import { maskedUrl } from './webhook-format';
import { OutboxEntity, WebhookEntity } from './webhook.entity';

/** Parses the stored kinds list (unknown names, from a newer version, are left out). */
export function kindsOf(row: Pick<WebhookEntity, 'kinds'>): NotificationKind[] {
  return row.kinds
    .split(',')
    .filter((k): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k));
}

/** Checks a webhook body as the API does (for the CLI); throws a 400 naming the fields. */
export function checkCreateWebhook(input: unknown): CreateWebhookDto {
  const dto = plainToInstance(CreateWebhookDto, input);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length > 0) throw new BadRequestException(validationMessage(errors));
  return dto;
}

/**
 * The configured webhooks: list, add, remove (admins, through the API or the CLI). Every change
 * is in the audit log. Delivery is the outbox's (OutboxService); this keeps no timers, so the CLI
 * can use it without starting anything.
 */
@Injectable()
export class WebhooksService {
  private readonly listeners: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  /** Called after every change made through this instance. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private get hooks() {
    return this.dataSource.getRepository(WebhookEntity);
  }

  private get outbox() {
    return this.dataSource.getRepository(OutboxEntity);
  }

  /** Every stored webhook (with secrets: for delivery only). */
  all(): Promise<WebhookEntity[]> {
    return this.hooks.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The webhooks as listed, with their delivery counts. */
  async list(): Promise<WebhookView[]> {
    const rows = await this.all();
    const counts: { webhook_id: string; status: string; n: string | number }[] = await this.outbox
      .createQueryBuilder('o')
      .select('o.webhook_id', 'webhook_id')
      .addSelect('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('o.webhook_id')
      .addGroupBy('o.status')
      .getRawMany();
    const errors: { webhook_id: string; last_error: string | null }[] = rows.length
      ? await this.outbox
          .createQueryBuilder('o')
          .select('o.webhook_id', 'webhook_id')
          .addSelect('o.last_error', 'last_error')
          .where('o.last_error IS NOT NULL')
          .orderBy('o.id', 'DESC')
          .limit(500)
          .getRawMany()
      : [];
    return rows.map((r) => {
      const n = (status: string) => Number(counts.find((c) => c.webhook_id === r.id && c.status === status)?.n ?? 0);
      return {
        ...viewOf(r),
        pending: n('pending'),
        failed: n('failed'),
        delivered: n('delivered'),
        lastError: errors.find((e) => e.webhook_id === r.id)?.last_error ?? null,
      };
    });
  }

  /** Adds a webhook; the secret (given or generated) is returned this once. */
  async add(input: CreateWebhookDto, by: string): Promise<WebhookCreated> {
    const dto = checkCreateWebhook(input);
    if ((await this.hooks.count()) >= MAX_WEBHOOKS)
      throw new ConflictException(`webhooks: at most ${MAX_WEBHOOKS}; remove one first`);
    const secret = dto.secret ?? randomBytes(32).toString('hex');
    const row = this.hooks.create({
      id: randomUUID(),
      label: dto.label ?? new URL(dto.url).host,
      url: dto.url,
      secret,
      kinds: [...new Set(dto.kinds)].join(','),
      format: dto.format ?? 'json',
      createdAt: this.clock.now(),
      createdBy: by.slice(0, 100),
    });
    await this.hooks.insert(row);
    await this.auth.audit(by, 'webhook-add', `${row.id} ${row.label} ${maskedUrl(row.url)} ${row.kinds} ${row.format}`);
    for (const l of this.listeners) l();
    return { webhook: { ...viewOf(row), pending: 0, failed: 0, delivered: 0, lastError: null }, secret };
  }

  /** Removes a webhook and its undelivered notifications. */
  async remove(id: string, by: string): Promise<void> {
    const row = await this.hooks.findOne({ where: { id } });
    if (!row) throw new NotFoundException(`id: no webhook ${id}`);
    await this.dataSource.transaction(async (em) => {
      await em.delete(OutboxEntity, { webhookId: id });
      await em.delete(WebhookEntity, { id });
    });
    await this.auth.audit(by, 'webhook-remove', `${row.id} ${row.label} ${maskedUrl(row.url)}`);
    for (const l of this.listeners) l();
  }
}

function viewOf(r: WebhookEntity): Omit<WebhookView, 'pending' | 'failed' | 'delivered' | 'lastError'> {
  return {
    id: r.id,
    label: r.label,
    url: maskedUrl(r.url),
    format: r.format,
    kinds: kindsOf(r),
    createdAt: toCityIso(r.createdAt),
    createdBy: r.createdBy,
  };
}
