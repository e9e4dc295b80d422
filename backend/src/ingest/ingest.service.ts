import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { IngestResult } from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import { CaseStoreService, type AppendResult, type PreparedEvent } from '../cases/case-store.service';
import type { FoldContext } from '../cases/fold';
import { foldContextOf } from '../cases/fold-context';
import { Clock } from '../common/clock';
import { ShuttingDownError } from '../common/db-errors';
import { DomainConfigService } from '../config/domain-config.service';
import { DepartmentsService } from '../departments/departments.service';
import { CASES_COMMITTED, type CasesCommitted } from '../cases/cases.events';
import { MetricsService } from '../metrics/metrics.service';
import { EventValidationError, canonicalJson, validateIngestBody } from './event-validation';
import { GroupCommit, type MemberResult } from './group-commit';

/** Requests of at most this many events share commits (group commit); larger ones commit alone. */
export const GROUP_COMMIT_MAX_REQUEST = 100;

/**
 * Takes case events in: validates the whole request, stores it in one transaction, then emits
 * `cases.committed` with the committed case states. The answer is given only after the commit.
 * Small requests that arrive while a commit is in flight share the next transaction (group
 * commit, group-commit.ts); each is still answered only after its events are committed.
 */
@Injectable()
export class IngestService implements BeforeApplicationShutdown {
  readonly foldContext: FoldContext;

  constructor(
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly store: CaseStoreService,
    private readonly clock: Clock,
    config: DomainConfigService,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
  ) {
    this.foldContext = foldContextOf(
      () => config.current(),
      () => this.areas.tree,
    );
    this.group = new GroupCommit(
      (batch, now) => this.store.append(batch, this.foldContext, now),
      (result, members) => this.published(result, members),
    );
  }

  private readonly group: GroupCommit;

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
    if (prepared.length <= GROUP_COMMIT_MAX_REQUEST) {
      const r = await this.group.submit(prepared, now);
      return { accepted: r.accepted, duplicates: r.duplicates };
    }
    const result = await this.store.append(prepared, this.foldContext, now);
    this.published(result, [
      { now, result: { accepted: result.inserted.length, duplicates: result.duplicates, inserted: result.inserted } },
    ]);
    return { accepted: result.inserted.length, duplicates: result.duplicates };
  }

  /** After a commit (one request's, or a group's): tells the live side, counts. */
  private published(result: AppendResult, members: readonly { now: number; result: MemberResult }[]): void {
    const committed: CasesCommitted = { states: result.states, events: result.inserted, source: 'local' };
    this.events.emit(CASES_COMMITTED, committed);
    this.metrics.ingestEvents.inc({ outcome: 'stored' }, result.inserted.length);
    this.metrics.ingestEvents.inc({ outcome: 'duplicate' }, result.duplicates);
    for (const m of members) {
      for (const e of m.result.inserted) this.metrics.eventLag.observe(Math.max(0, m.now - e.at) / 1000);
    }
  }
}
