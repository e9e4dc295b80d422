import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AssessmentKind } from '@gridwall/shared';
import { DataSource } from 'typeorm';
import type { NormalizedEvent } from '../cases/case-model';
import { AssessmentEntity } from './assessment.entity';

/** Cases read per page while issuing. */
const PAGE = 2000;
/** Case ids per `IN (…)` list. */
const IN_CHUNK = 500;

/**
 * `app_setting` key a history import (`npm run import`) keeps fresh while it runs (epoch ms in
 * `updated_at`): periods are not issued while an import may still add events to them.
 */
export const IMPORT_HEARTBEAT_KEY = 'import.heartbeat';
/** An import heartbeat older than this is a finished or crashed import. */
export const IMPORT_HEARTBEAT_TTL_MS = 2 * 60_000;

/** A stored version without its body. */
export type AssessmentRow = Omit<AssessmentEntity, 'body'>;

/**
 * The database side of issued assessments: the rows and their gzipped bodies, and the reads of
 * the event log that issuing needs (the cut-off, the cases that can matter for a period, their
 * events as of the period end).
 */
@Injectable()
export class AssessmentStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AssessmentEntity);
  }

  /** The highest event sequence number stored now (0 for an empty log). */
  async maxSeq(): Promise<number> {
    const rows: { m: string | number | null }[] = await this.dataSource.query('SELECT MAX(seq) AS m FROM case_event');
    return Number(rows[0]?.m ?? 0);
  }

  /** Whether a history import reported itself running within the TTL before `now`. */
  async importRunning(now: number): Promise<boolean> {
    const rows: { updated_at: string | number }[] = await this.dataSource.query(
      'SELECT updated_at FROM app_setting WHERE `key` = ?',
      [IMPORT_HEARTBEAT_KEY],
    );
    return rows.length > 0 && now - Number(rows[0].updated_at) < IMPORT_HEARTBEAT_TTL_MS;
  }

  /** Events with seq ≤ `cutoff` and `at` < `to`: what an assessment with that cut-off sees. */
  async countEvents(to: number, cutoff: number): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      'SELECT COUNT(*) AS n FROM case_event WHERE seq <= ? AND at_ms < ?',
      [cutoff, to],
    );
    return Number(rows[0].n);
  }

  /** The earliest event time in the log, or null for an empty log. */
  async firstEventAt(): Promise<number | null> {
    const rows: { m: string | number | null }[] = await this.dataSource.query('SELECT MIN(at_ms) AS m FROM case_event');
    return rows[0]?.m === null || rows[0]?.m === undefined ? null : Number(rows[0].m);
  }

  /** True when some event lies in [from, to). */
  async hasEventsIn(from: number, to: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 AS x FROM case_event WHERE at_ms >= ? AND at_ms < ? LIMIT 1',
      [from, to],
    );
    return rows.length > 0;
  }

  /**
   * Visits, a page at a time, the events (seq ≤ cutoff, `at` < to) of every case that can count in
   * the period [from, to) as of `to`: its report lies in the period, or it was reported before the
   * period end and is open now or had an event at or after the period end (so it may have been open
   * then), or it received an event after the cut-off. Every other case's state at `to` is its
   * stored state, which counts nowhere in the period. `visit` is awaited before the next page.
   */
  async forEachCandidate(
    from: number,
    to: number,
    cutoff: number,
    visit: (events: Map<string, NormalizedEvent[]>) => Promise<void> | void,
  ): Promise<number> {
    let after = '';
    let cases = 0;
    for (;;) {
      const rows: { case_id: string }[] = await this.dataSource.query(
        `SELECT case_id FROM case_state
          WHERE case_id > ?
            AND ((reported_at >= ? AND reported_at < ?)
              OR (reported_at < ? AND (status = 'open' OR last_event_at >= ?))
              OR case_id IN (SELECT case_id FROM case_event WHERE seq > ?))
          ORDER BY case_id LIMIT ${PAGE}`,
        [after, from, to, to, to, cutoff],
      );
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.case_id);
      after = ids[ids.length - 1];
      const events = new Map<string, NormalizedEvent[]>();
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const part = ids.slice(i, i + IN_CHUNK);
        const evs: { case_id: string; payload: string }[] = await this.dataSource.query(
          `SELECT case_id, payload FROM case_event WHERE case_id IN (${part.map(() => '?').join(', ')}) AND seq <= ? AND at_ms < ?`,
          [...part, cutoff, to],
        );
        for (const e of evs) {
          const list = events.get(e.case_id);
          const ev = JSON.parse(e.payload) as NormalizedEvent;
          if (list) list.push(ev);
          else events.set(e.case_id, [ev]);
        }
      }
      cases += ids.length;
      await visit(events);
      if (rows.length < PAGE) break;
    }
    return cases;
  }

  /** Stores a new version; throws the database's unique violation when that version exists. */
  async insert(row: AssessmentRow, content: string): Promise<void> {
    const body = gzipSync(Buffer.from(content, 'utf8'), { level: 6 });
    await this.repo.insert({ ...row, body } as AssessmentEntity);
  }

  /** Every version of a period, oldest first (without bodies). */
  versions(kind: AssessmentKind, periodKey: string): Promise<AssessmentRow[]> {
    return this.repo.find({ where: { kind, periodKey }, order: { version: 'ASC' } });
  }

  /** The newest version of each issued period of a kind (of every kind when none), newest period first. */
  async newest(kind: AssessmentKind | undefined, limit: number): Promise<AssessmentRow[]> {
    const qb = this.repo
      .createQueryBuilder('a')
      .where(
        'a.version = (SELECT MAX(b.version) FROM assessment b WHERE b.kind = a.kind AND b.period_key = a.period_key)',
      );
    if (kind) qb.andWhere('a.kind = :kind', { kind });
    return qb.orderBy('a.to_ms', 'DESC').addOrderBy('a.kind', 'ASC').limit(limit).getMany();
  }

  /** Which periods of a kind are issued (any version), as keys. */
  async issuedKeys(kind: AssessmentKind): Promise<Set<string>> {
    const rows: { period_key: string }[] = await this.dataSource.query(
      'SELECT DISTINCT period_key FROM assessment WHERE kind = ?',
      [kind],
    );
    return new Set(rows.map((r) => r.period_key));
  }

  /** The stored content (JSON text) of one version, or null. */
  async body(kind: AssessmentKind, periodKey: string, version: number): Promise<string | null> {
    const row = await this.repo
      .createQueryBuilder('a')
      .addSelect('a.body')
      .where('a.kind = :kind AND a.period_key = :periodKey AND a.version = :version', { kind, periodKey, version })
      .getOne();
    if (!row) return null;
    return gunzipSync(row.body).toString('utf8');
  }
}
