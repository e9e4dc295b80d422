import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';
import type { NormalizedEvent } from './case-model';
import { CaseStateEntity } from './case-state.entity';
import { CaseStoreService, rowToState } from './case-store.service';
import { CASES_COMMITTED, type CasesCommitted } from './cases.events';

/** How often the log is read for other instances' commits. */
export const FOLLOW_INTERVAL_MS = 100;
/** How often a server without a cluster looks for a history import's writes. */
export const IMPORT_CHECK_MS = 1000;
/**
 * `app_setting` rows a history import leaves (backend/src/import/heartbeat.ts): its heartbeat
 * while it runs, and a marker rewritten when it completes.
 */
export const IMPORT_MARKER_KEYS = ['import.heartbeat', 'import.done'] as const;
/** A heartbeat older than this is an import that was killed (the assessments' TTL, 2 minutes). */
const IMPORT_STALE_MS = 2 * 60_000;
/**
 * How long a gap in sequence numbers is re-read: a transaction that allocated it may commit late
 * (MySQL allocates auto-increment values before commit; a commit waiting on row locks can take
 * longer than InnoDB's default 50 s lock wait when it waits more than once). A gap that never
 * fills (a rolled-back transaction) costs one indexed lookup per poll until then.
 */
export const HOLE_TTL_MS = 10 * 60_000;
/** Most gaps remembered (the oldest go first); the re-read asks for at most {@link HOLE_QUERY} at once. */
const MAX_HOLES = 10_000;
const HOLE_QUERY = 1000;
/** How long an event applied from this instance's own ingest is remembered. */
const LOCAL_TTL_MS = 120_000;
const PAGE = 5000;

/**
 * Keeps this instance's live state in step with commits made by other instances: it reads the
 * append-only event log past the last sequence number it saw (and any gap still open, since
 * MySQL auto-increment values are allocated before commit) and applies the affected cases'
 * committed states, emitted as `cases.committed` (source `log`) like a local commit. The
 * database stays the one source of truth; no state travels through Redis.
 */
@Injectable()
export class LogFollowerService implements OnModuleDestroy {
  private readonly logger = new Logger(LogFollowerService.name);
  private lastSeq = 0;
  private readonly holes = new Map<number, number>();
  private readonly local = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private started = false;
  private lastError = 0;
  /** The import rows as last seen by {@link checkImports}. */
  private lastMarker = '';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: CaseStoreService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The highest event sequence number stored now (read before a rebuild). */
  async currentMaxSeq(): Promise<number> {
    const rows: { m: string | number | null }[] = await this.dataSource.query('SELECT MAX(seq) AS m FROM case_event');
    return Number(rows[0]?.m ?? 0);
  }

  /** Starts following after `fromSeq`, emitting what other instances commit. */
  start(fromSeq: number): void {
    this.lastSeq = fromSeq;
    this.started = true;
    this.timer = setInterval(() => void this.poll(), FOLLOW_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * A server without a cluster follows the log only while a history import (another process)
   * writes to it: every {@link IMPORT_CHECK_MS} it reads the highest sequence number, then the
   * import's rows; when they show an import running or one that ended since the last look, it
   * reads what was stored past the last position (its own commits skipped), else it moves the
   * position to the top. The sequence number is read first: an import writes its heartbeat
   * before its first event, so events below it with no heartbeat seen cannot be an import's.
   */
  watchImports(fromSeq: number): void {
    this.lastSeq = fromSeq;
    this.started = true;
    this.timer = setInterval(() => void this.checkImports(), IMPORT_CHECK_MS);
    this.timer.unref();
  }

  /** One look for an import's writes (see {@link watchImports}); never throws. */
  async checkImports(): Promise<void> {
    if (this.busy || !this.started) return;
    this.busy = true;
    try {
      for (;;) {
        // In the write queue: none of this instance's commits is half done while we look.
        const more = await this.store.exclusive(async () => {
          const max = await this.currentMaxSeq();
          const rows: { key: string; value: string; updated_at: string | number }[] = await this.dataSource.query(
            'SELECT `key`, value, updated_at FROM app_setting WHERE `key` IN (?, ?) ORDER BY `key`',
            [...IMPORT_MARKER_KEYS],
          );
          const marker = JSON.stringify(rows.map((r) => [r.key, r.value, String(r.updated_at)]));
          const beating = rows.some(
            (r) => r.key === IMPORT_MARKER_KEYS[0] && Date.now() - Number(r.updated_at) < IMPORT_STALE_MS,
          );
          const importing = beating || marker !== this.lastMarker;
          if (!importing && this.holes.size === 0) {
            // Everything up to max is this instance's own, already applied.
            if (max > this.lastSeq) this.lastSeq = max;
            this.local.clear();
            return false;
          }
          const read = await this.readAndApply();
          if (read < PAGE) this.lastMarker = marker;
          return read >= PAGE;
        });
        if (!more) break;
      }
    } catch (err) {
      if (Date.now() - this.lastError > 10_000) {
        this.lastError = Date.now();
        this.logger.warn(`cannot read the event log: ${(err as Error).message}`);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Remembers events this instance committed and applied itself, so they are not applied twice. */
  @OnEvent(CASES_COMMITTED)
  markLocal({ events, source }: CasesCommitted): void {
    if (source !== 'local' || !this.started) return;
    const now = Date.now();
    for (const e of events) this.local.set(e.eventId, now);
  }

  /**
   * Reads and applies one page of new events. Runs in the store's write queue, so a state read
   * here is never older than one this instance committed and applied itself.
   */
  async poll(): Promise<void> {
    if (this.busy || !this.started) return;
    this.busy = true;
    try {
      await this.store.exclusive(() => this.readAndApply());
    } catch (err) {
      if (Date.now() - this.lastError > 10_000) {
        this.lastError = Date.now();
        this.logger.warn(`cannot read the event log: ${(err as Error).message}`);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Reads and applies one page past the last position (and open gaps); returns the rows read. */
  private async readAndApply(): Promise<number> {
    {
      const now = Date.now();
      for (const [seq, since] of this.holes) if (now - since > HOLE_TTL_MS) this.holes.delete(seq);
      for (const [id, at] of this.local) {
        if (now - at <= LOCAL_TTL_MS) break;
        this.local.delete(id);
      }
      while (this.holes.size > MAX_HOLES) this.holes.delete(this.holes.keys().next().value!);
      const holeList = [...this.holes.keys()].slice(0, HOLE_QUERY);
      const qb = this.dataSource
        .getRepository(CaseEventEntity)
        .createQueryBuilder('e')
        .select(['e.seq', 'e.eventId', 'e.caseId', 'e.payload'])
        .where('e.seq > :last', { last: this.lastSeq });
      if (holeList.length > 0) qb.orWhere('e.seq IN (:...holes)', { holes: holeList });
      const rows = await qb.orderBy('e.seq', 'ASC').limit(PAGE).getMany();
      if (rows.length === 0) return 0;
      let expected = this.lastSeq + 1;
      for (const r of rows) {
        const seq = Number(r.seq);
        this.holes.delete(seq);
        if (seq > this.lastSeq) {
          for (let s = expected; s < seq; s++) this.holes.set(s, now);
          expected = seq + 1;
          this.lastSeq = seq;
        }
      }
      const foreign = rows.filter((r) => !this.local.has(r.eventId));
      if (foreign.length === 0) return rows.length;
      const caseIds = [...new Set(foreign.map((r) => r.caseId))];
      const states = [];
      for (let i = 0; i < caseIds.length; i += 500) {
        const part = await this.dataSource
          .getRepository(CaseStateEntity)
          .find({ where: { caseId: In(caseIds.slice(i, i + 500)) } });
        states.push(...part.map(rowToState));
      }
      const committed: CasesCommitted = {
        states,
        events: foreign.map((r) => JSON.parse(r.payload) as NormalizedEvent),
        source: 'log',
      };
      this.events.emit(CASES_COMMITTED, committed);
      return rows.length;
    }
  }
}
