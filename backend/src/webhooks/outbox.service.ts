import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DAY_MS, type NotificationBody, type NotificationKind } from '@gridwall/shared';
import { DataSource, In, LessThan, LessThanOrEqual } from 'typeorm';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import {
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  renderBody,
  signBody,
  targetUrl,
} from './webhook-format';
import { OutboxEntity, WebhookEntity } from './webhook.entity';
import { WebhooksService, kindsOf } from './webhooks.service';

/** Attempts before a notification is marked failed. */
export const MAX_ATTEMPTS = 10;
/** Delay before the second attempt; doubled each time, at most {@link BACKOFF_MAX_MS}. */
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
/** How long one attempt may take. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Most notifications waiting per webhook: beyond, new ones for it are dropped (and logged). */
export const MAX_PENDING_PER_WEBHOOK = 10_000;
/** Delivered rows are kept this long, failed ones longer (for the admin's list). */
export const DELIVERED_RETENTION_MS = 7 * DAY_MS;
export const FAILED_RETENTION_MS = 30 * DAY_MS;
/** Rows sent per pass. */
const BATCH = 20;
/** How often due rows are looked for (real time) and the webhook list is re-read. */
const POLL_MS = 1000;
const REFRESH_MS = 30_000;

/** Delay after `attempts` failed attempts: 10 s, 20 s, 40 s … at most 30 min. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * The durable outbox of notifications: one row per notification and webhook, written before
 * anything is sent (so a restart loses nothing), delivered at least once by the instance that
 * runs singletons, retried with exponential backoff up to {@link MAX_ATTEMPTS}, then marked
 * failed; delivered and failed rows are deleted after their retention. The idempotency key is
 * the notification's id, the same in every attempt.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxService.name);
  private hooksValue: WebhookEntity[] = [];
  private loadedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastRetention = -Infinity;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly cluster: ClusterService,
    private readonly webhooks: WebhooksService,
  ) {
    webhooks.onChange(() => void this.refresh());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private get rows() {
    return this.dataSource.getRepository(OutboxEntity);
  }

  /** Re-reads the configured webhooks (changes made by another instance or the CLI show within 30 s). */
  async refresh(): Promise<void> {
    this.hooksValue = await this.webhooks.all();
    this.loadedAt = Date.now();
  }

  /** True when some webhook wants notifications of this kind (so sources can skip the work). */
  wants(kind: NotificationKind): boolean {
    return this.hooksValue.some((h) => kindsOf(h).includes(kind));
  }

  /**
   * Stores a notification for every webhook that wants its kind. A notification already stored
   * for a webhook (same id) is not stored twice. Returns how many rows were added.
   */
  async enqueue(n: NotificationBody): Promise<number> {
    const now = this.clock.now();
    let added = 0;
    for (const h of this.hooksValue) {
      if (!kindsOf(h).includes(n.kind)) continue;
      const waiting = await this.rows.count({ where: { webhookId: h.id, status: 'pending' } });
      if (waiting >= MAX_PENDING_PER_WEBHOOK) {
        this.logger.warn(`webhook ${h.id} (${h.label}): ${waiting} notifications waiting; dropped ${n.kind} ${n.id}`);
        continue;
      }
      try {
        await this.rows.insert({
          webhookId: h.id,
          notificationId: n.id,
          kind: n.kind,
          payload: JSON.stringify(n),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          deliveredAt: null,
          lastStatus: null,
          lastError: null,
        });
        added += 1;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    return added;
  }

  private async poll(): Promise<void> {
    if (this.stopped || !this.cluster.runsSingletons) return;
    try {
      if (Date.now() - this.loadedAt > REFRESH_MS) await this.refresh();
      await this.deliverDue();
    } catch (err) {
      this.logger.warn(`outbox: ${(err as Error).message}`);
    }
  }

  /**
   * Sends every notification due now (one pass of at most 20; waits for a pass already
   * running). Returns how many were attempted.
   */
  async deliverDue(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    if (now - this.lastRetention >= 60 * 60_000 || now < this.lastRetention) {
      this.lastRetention = now;
      await this.rows.delete({ status: 'delivered', deliveredAt: LessThan(now - DELIVERED_RETENTION_MS) });
      await this.rows.delete({ status: 'failed', nextAttemptAt: LessThan(now - FAILED_RETENTION_MS) });
    }
    const due = await this.rows.find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: BATCH,
    });
    if (due.length === 0) return 0;
    const ids = [...new Set(due.map((r) => r.webhookId))];
    const hooks = new Map(
      (await this.dataSource.getRepository(WebhookEntity).find({ where: { id: In(ids) } })).map((h) => [h.id, h]),
    );
    await Promise.all(due.map((row) => this.attempt(row, hooks.get(row.webhookId))));
    return due.length;
  }

  private async attempt(row: OutboxEntity, hook: WebhookEntity | undefined): Promise<void> {
    if (!hook) {
      await this.rows.delete({ id: row.id });
      return;
    }
    const n = JSON.parse(row.payload) as NotificationBody;
    const body = renderBody(n, hook.format);
    const sentAt = this.clock.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(targetUrl(hook.url, hook.format, hook.secret, sentAt), {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'gridwall-webhooks/1',
          [EVENT_HEADER]: n.kind,
          [IDEMPOTENCY_HEADER]: n.id,
          'x-gridwall-idempotency-key': n.id,
          [TIMESTAMP_HEADER]: String(Math.floor(sentAt / 1000)),
          [SIGNATURE_HEADER]: signBody(hook.secret, body),
        },
        body,
      });
      status = res.status;
      const text = (await res.text()).slice(0, 2000);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      else if (hook.format !== 'json') error = robotError(text);
    } catch (err) {
      error =
        (err as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : (err as Error).message;
    }
    const attempts = row.attempts + 1;
    const now = this.clock.now();
    if (error === null) {
      await this.rows.update(
        { id: row.id },
        { status: 'delivered', attempts, deliveredAt: now, lastStatus: status, lastError: null },
      );
      return;
    }
    const failed = attempts >= MAX_ATTEMPTS;
    await this.rows.update(
      { id: row.id },
      {
        status: failed ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: failed ? now : now + backoffMs(attempts),
        lastStatus: status,
        lastError: error.slice(0, 500),
      },
    );
    if (failed)
      this.logger.warn(`webhook ${hook.label}: ${n.kind} ${n.id} failed after ${attempts} attempts: ${error}`);
  }
}

/** WeCom and DingTalk answer 200 with `{errcode, errmsg}`; a non-zero errcode is a failure. */
function robotError(text: string): string | null {
  try {
    const v = JSON.parse(text) as { errcode?: number; errmsg?: string };
    if (typeof v.errcode === 'number' && v.errcode !== 0)
      return `errcode ${v.errcode}: ${v.errmsg ?? ''}`.slice(0, 300);
  } catch {
    // Not JSON: a relay answered; 2xx counts as delivered.
  }
  return null;
}
