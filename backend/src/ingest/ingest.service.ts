import {
  BadRequestException,
  Inject,
  Injectable,
  PayloadTooLargeException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { IngestResult } from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import { CaseStoreService, type PreparedEvent } from '../cases/case-store.service';
import type { FoldContext } from '../cases/fold';
import { Clock } from '../common/clock';
import { ShuttingDownError } from '../common/db-errors';
import { DOMAIN_CONFIG } from '../config/app-config.module';
import { timeLimitMs, type DomainConfig } from '../config/domain-config';
import { DepartmentsService } from '../departments/departments.service';
import { LiveService } from '../live/live.service';
import { LogFollowerService } from '../live/log-follower.service';
import { MetricsService } from '../metrics/metrics.service';
import { EventValidationError, canonicalJson, validateIngestBody } from './event-validation';

/**
 * Takes case events in: validates the whole request, stores it in one transaction, then feeds
 * the committed case states to the live engine. The answer is given only after the commit.
 */
@Injectable()
export class IngestService implements BeforeApplicationShutdown {
  readonly foldContext: FoldContext;

  constructor(
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly store: CaseStoreService,
    private readonly live: LiveService,
    private readonly clock: Clock,
    @Inject(DOMAIN_CONFIG) config: DomainConfig,
    private readonly follower: LogFollowerService,
    private readonly metrics: MetricsService,
  ) {
    this.foldContext = {
      timeLimitMs: (c) => timeLimitMs(config, c),
      levelOf: (code) => this.areas.tree.levelOf(code),
    };
  }

  private inFlight = 0;
  private draining = false;

  /**
   * On shutdown (SIGTERM): refuse new ingest with 503 so the upstream retries elsewhere, and
   * wait (up to 30 s) for the requests in flight to commit and be answered.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const end = Date.now() + 30_000;
    while (this.inFlight > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  /** Validates and stores an ingest body; see api.md §1. */
  async ingest(body: unknown): Promise<IngestResult> {
    if (this.draining) throw new ShuttingDownError();
    this.inFlight += 1;
    try {
      return await this.ingestNow(body);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async ingestNow(body: unknown): Promise<IngestResult> {
    const now = this.clock.now();
    let events;
    try {
      events = validateIngestBody(body, {
        hasArea: (c) => this.areas.tree.has(c),
        hasDepartment: (c) => this.departments.has(c),
        now,
      });
    } catch (err) {
      if (err instanceof EventValidationError) {
        if (err.statusCode === 413) throw new PayloadTooLargeException(err.message);
        throw new BadRequestException(err.message);
      }
      throw err;
    }
    const batched = Array.isArray((body as { events?: unknown }).events);
    const prepared: PreparedEvent[] = events.map((event, i) => ({
      event,
      canonical: canonicalJson(event),
      path: batched ? `events[${i}]` : '',
    }));
    const result = await this.store.append(prepared, this.foldContext, now);
    this.follower.markLocal(result.inserted.map((e) => e.eventId));
    this.live.applyCommitted(result.states, result.inserted);
    this.metrics.ingestEvents.inc({ outcome: 'stored' }, result.inserted.length);
    this.metrics.ingestEvents.inc({ outcome: 'duplicate' }, result.duplicates);
    for (const e of result.inserted) this.metrics.eventLag.observe(Math.max(0, now - e.at) / 1000);
    return { accepted: result.inserted.length, duplicates: result.duplicates };
  }
}
