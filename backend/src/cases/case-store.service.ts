import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DatabaseUnavailableError, isConnectionError, isDeadlock, isUniqueViolation } from '../common/db-errors';
import { CaseEventEntity } from './case-event.entity';
import type { CaseState, NormalizedEvent } from './case-model';
import { CaseStateEntity } from './case-state.entity';
import { foldCase, type FoldContext } from './fold';
import { STATE_COLUMNS } from './case-state.columns';

/** Result of appending a batch to the log. */
export interface AppendResult {
  /** Events newly stored, in request order. */
  inserted: NormalizedEvent[];
  /** Events that were already stored with identical content. */
  duplicates: number;
  /** New state of every case that received a new event. */
  states: CaseState[];
}

/** One event of a batch, with its canonical JSON and its position in the request. */
export interface PreparedEvent {
  event: NormalizedEvent;
  canonical: string;
  /** Path of the event in the request, for messages: "events[3]" or "" for a single event. */
  path: string;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Converts a folded state into its row. */
export function stateToRow(s: CaseState): CaseStateEntity {
  return Object.assign(new CaseStateEntity(), s);
}

/** Converts a row back into a state. */
export function rowToState(r: CaseStateEntity): CaseState {
  return {
    caseId: r.caseId,
    status: r.status,
    gridCode: r.gridCode,
    category: r.category,
    source: r.source,
    title: r.title,
    reportedAt: r.reportedAt,
    acceptedAt: r.acceptedAt,
    rejected: r.rejected,
    deadline: r.deadline,
    lastDispatchAt: r.lastDispatchAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    handlerLevel: r.handlerLevel,
    resolvedHandlerLevel: r.resolvedHandlerLevel,
    departmentCode: r.departmentCode,
    jointMeeting: r.jointMeeting,
    reworkCount: r.reworkCount,
    extendedCount: r.extendedCount,
    satisfaction: r.satisfaction,
    eventCount: r.eventCount,
    lastEventAt: r.lastEventAt,
  };
}

/**
 * The append-only event log and the folded case state, written together in one transaction.
 * Appends are serialized within the process (SQLite has one writer anyway); on MySQL the touched
 * case rows are also locked so several instances can append safely.
 */
@Injectable()
export class CaseStoreService {
  private readonly logger = new Logger(CaseStoreService.name);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get isMysql(): boolean {
    const t = this.dataSource.options.type;
    return t === 'mysql' || t === 'mariadb';
  }

  /**
   * Stores the new events of a batch and refolds every case they touch, all or nothing.
   * Throws ConflictException when an eventId was stored with other content,
   * DatabaseUnavailableError when the database cannot be reached.
   */
  append(batch: readonly PreparedEvent[], ctx: FoldContext, now: number): Promise<AppendResult> {
    const run = this.queue.then(() => this.appendWithRetry(batch, ctx, now));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `fn` alone in the write queue (after every append already queued, before later ones). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendWithRetry(batch: readonly PreparedEvent[], ctx: FoldContext, now: number): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((em) => this.appendInTransaction(em, batch, ctx, now));
      } catch (err) {
        if (isDeadlock(err) && attempt < 5) {
          this.logger.warn(`deadlock on append, retrying (attempt ${attempt})`);
          continue;
        }
        // The same new event committed by another instance meanwhile: read again, answer 200/409.
        if (isUniqueViolation(err) && attempt < 5) continue;
        if (err instanceof ConflictException) throw err;
        if (isConnectionError(err) || !this.dataSource.isInitialized) throw new DatabaseUnavailableError(err);
        throw err;
      }
    }
  }

  private async appendInTransaction(
    em: EntityManager,
    batch: readonly PreparedEvent[],
    ctx: FoldContext,
    now: number,
  ): Promise<AppendResult> {
    const stored = new Map<string, string>();
    const ids = [...new Set(batch.map((b) => b.event.eventId))];
    for (const part of chunks(ids)) {
      const rows = await em.getRepository(CaseEventEntity).find({
        select: { eventId: true, payload: true },
        where: { eventId: In(part) },
      });
      for (const r of rows) stored.set(r.eventId, r.payload);
    }

    const inserted: PreparedEvent[] = [];
    let duplicates = 0;
    for (const b of batch) {
      const prior = stored.get(b.event.eventId);
      if (prior === undefined) {
        stored.set(b.event.eventId, b.canonical);
        inserted.push(b);
      } else if (prior === b.canonical) {
        duplicates += 1;
      } else {
        throw new ConflictException(
          `${b.path ? `${b.path}.` : ''}eventId: ${JSON.stringify(b.event.eventId)} was already received with different content`,
        );
      }
    }
    if (inserted.length === 0) return { inserted: [], duplicates, states: [] };

    for (const part of chunks(inserted)) {
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseEventEntity)
        .values(
          part.map((b) => ({
            eventId: b.event.eventId,
            caseId: b.event.caseId,
            type: b.event.type,
            atMs: b.event.at,
            payload: b.canonical,
            receivedAtMs: now,
          })),
        )
        .updateEntity(false)
        .execute();
    }

    const caseIds = [...new Set(inserted.map((b) => b.event.caseId))].sort();
    if (this.isMysql) await this.lockCases(em, caseIds);

    const states = await this.foldAndStore(em, caseIds, ctx);
    return { inserted: inserted.map((b) => b.event), duplicates, states };
  }

  /** Folds the cases from all their stored events and upserts their states (in `em`'s transaction). */
  private async foldAndStore(em: EntityManager, caseIds: string[], ctx: FoldContext): Promise<CaseState[]> {
    const eventsByCase = await this.loadEvents(em, caseIds);
    const states = caseIds.map((id) => foldCase(id, eventsByCase.get(id) ?? [], ctx));
    for (const part of chunks(states, 200)) {
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseStateEntity)
        .values(part.map(stateToRow))
        .orUpdate([...STATE_COLUMNS], ['case_id'])
        .updateEntity(false)
        .execute();
    }
    return states;
  }

  /** The stored events of several cases, by case. */
  private async loadEvents(em: EntityManager, caseIds: string[]): Promise<Map<string, NormalizedEvent[]>> {
    const out = new Map<string, NormalizedEvent[]>();
    for (const part of chunks(caseIds)) {
      const rows = await em
        .getRepository(CaseEventEntity)
        .find({ select: { caseId: true, payload: true }, where: { caseId: In(part) } });
      for (const r of rows) {
        const list = out.get(r.caseId);
        const e = JSON.parse(r.payload) as NormalizedEvent;
        if (list) list.push(e);
        else out.set(r.caseId, [e]);
      }
    }
    return out;
  }

  /**
   * Locks the case rows (creating placeholders for new cases) in a fixed order, so concurrent
   * appends from several instances fold each case with every committed event.
   */
  private async lockCases(em: EntityManager, caseIds: string[]): Promise<void> {
    for (const part of chunks(caseIds)) {
      const placeholders = part.map(() => '(?, ?, 0, 0, 0, 0, 0)').join(', ');
      await em.query(
        `INSERT IGNORE INTO case_state (case_id, status, rejected, joint_meeting, rework_count, extended_count, event_count) VALUES ${placeholders}`,
        part.flatMap((id) => [id, 'pending']),
      );
      await em.query(
        `SELECT case_id FROM case_state WHERE case_id IN (${part.map(() => '?').join(', ')}) ORDER BY case_id FOR UPDATE`,
        part,
      );
    }
  }

  /**
   * Refolds every case from its events (after the time limits changed) and stores the states,
   * a page at a time, each page alone in the write queue. Returns the number of cases.
   */
  async refoldAll(ctx: FoldContext, pageSize = 2000): Promise<number> {
    let after = '';
    let total = 0;
    for (;;) {
      const ids: string[] = (
        await this.dataSource
          .getRepository(CaseStateEntity)
          .createQueryBuilder('s')
          .select('s.case_id', 'id')
          .where('s.case_id > :after', { after })
          .orderBy('s.case_id', 'ASC')
          .limit(pageSize)
          .getRawMany<{ id: string }>()
      ).map((r) => r.id);
      if (ids.length === 0) return total;
      await this.exclusive(() =>
        this.dataSource.transaction(async (em) => {
          await this.foldAndStore(em, ids, ctx);
        }),
      );
      total += ids.length;
      after = ids[ids.length - 1];
    }
  }

  /** Every stored case state reported in [from, to) (uses the reported_at index). */
  async statesReportedBetween(from: number, to: number): Promise<CaseState[]> {
    const rows = await this.dataSource
      .getRepository(CaseStateEntity)
      .createQueryBuilder('s')
      .where('s.reported_at >= :from AND s.reported_at < :to', { from, to })
      .getMany();
    return rows.map(rowToState);
  }

  /** The stored state of a case, or undefined. */
  async stateOf(caseId: string): Promise<CaseState | undefined> {
    const row = await this.dataSource.getRepository(CaseStateEntity).findOne({ where: { caseId } });
    return row ? rowToState(row) : undefined;
  }

  /** The stored events of several cases, by case. */
  eventsOfCases(caseIds: string[]): Promise<Map<string, NormalizedEvent[]>> {
    return this.loadEvents(this.dataSource.manager, caseIds);
  }

  /** Loads the stored events of a case, in fold order. */
  async eventsOf(caseId: string): Promise<NormalizedEvent[]> {
    const rows = await this.dataSource
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
    return rows.map((r) => JSON.parse(r.payload) as NormalizedEvent);
  }

  /**
   * Streams every non-pending case state, in pages, for the live engine's rebuild.
   * `visit` is called once per page.
   */
  async forEachState(visit: (states: CaseState[]) => void, pageSize = 20_000): Promise<number> {
    let after = '';
    let total = 0;
    const repo = this.dataSource.getRepository(CaseStateEntity);
    for (;;) {
      const rows = await repo
        .createQueryBuilder('s')
        .where('s.case_id > :after', { after })
        .orderBy('s.case_id', 'ASC')
        .limit(pageSize)
        .getMany();
      if (rows.length === 0) break;
      visit(rows.map(rowToState));
      total += rows.length;
      after = rows[rows.length - 1].caseId;
    }
    return total;
  }

  /**
   * Readiness probe: the database answers and accepts writes (on SQLite, takes and releases the
   * write lock, which another process may hold). Throws when it does not.
   */
  ping(): Promise<void> {
    if (this.isMysql) return this.dataSource.query('SELECT 1').then(() => undefined);
    const run = this.queue.then(async () => {
      const qr = this.dataSource.createQueryRunner();
      try {
        await qr.query('BEGIN IMMEDIATE');
        await qr.query('ROLLBACK');
      } finally {
        await qr.release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Number of stored events. */
  countEvents(): Promise<number> {
    return this.dataSource.getRepository(CaseEventEntity).count();
  }
}
