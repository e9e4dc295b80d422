import { BadRequestException, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DAY_MS,
  FEED_LIMIT,
  previousPeriodRange,
  toCityIso,
  type CaseEventType,
  type FeedItem,
  type Period,
} from '@gridwall/shared';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AssessmentsService } from '../assessments/assessments.service';
import type { CaseState, NormalizedEvent } from '../cases/case-model';
import { foldCase } from '../cases/fold';
import { foldContextOf } from '../cases/fold-context';
import { Clock } from '../common/clock';
import { DomainConfigService } from '../config/domain-config.service';
import type { FigureSource } from '../live/live-queries.service';
import { LiveState } from '../live/live-state';

/** Recent replay states kept to roll forward from (the checkpoints). */
const CHECKPOINTS = 4;
/** A checkpoint is rolled forward at most this far; further, a fresh state is built. */
const ROLL_FORWARD_MAX_MS = 24 * 3_600_000;
/** Case ids per `IN (…)` list. */
const IN_CHUNK = 500;
const PAGE = 2000;
/** Events of the last day read for a replay's feed (the feed shows the newest of a scope). */
const FEED_SCAN = 2000;

/** A replay state: the live engine's state as it stood at `t`, for one period kind. */
interface Checkpoint {
  period: Period;
  /** Start of the window of cases it holds (the previous period's start at the moment it was built). */
  windowFrom: number;
  t: number;
  state: LiveState;
  /** Replays built from the database, and rolled forward (for the tests and the bench). */
  rolledFrom: number;
}

/** How a replay was answered (for tests: a roll-forward and a fresh build must agree). */
export interface ReplayOptions {
  /** Build the state from the database, ignoring checkpoints. */
  fresh?: boolean;
}

/**
 * The wall at a past moment T (issue 16): every figure as the live wall showed it at T, computed
 * from the event log — each case folded from its events with `at` ≤ T that were stored by T —
 * into the live engine's own state class, so the same code computes the same figures. Replays
 * never touch the live rooms.
 *
 * Checkpoints: the last few replay states are kept; a replay at a later moment of the same period
 * kind rolls the nearest earlier one forward (the cases with an event stored, or timed, between the
 * two moments are folded again; the clock moves the rest, as it does live). A jump backwards
 * builds a state from the cases of the period and its previous one (bounded by the period, not the
 * history).
 */
@Injectable()
export class ReplayService {
  private readonly checkpoints: Checkpoint[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly areas: AreasService,
    private readonly config: DomainConfigService,
    private readonly clock: Clock,
    @Optional() private readonly assessments?: AssessmentsService,
  ) {}

  /** 400 unless T lies between the first stored event and now. */
  async checkMoment(t: number): Promise<void> {
    const now = this.clock.now();
    if (t > now) throw new BadRequestException(`at: ${toCityIso(t)} is in the future (now ${toCityIso(now)})`);
    const rows: { m: string | number | null }[] = await this.dataSource.query(
      'SELECT MIN(received_at_ms) AS m FROM case_event',
    );
    const first = rows[0]?.m === null || rows[0]?.m === undefined ? null : Number(rows[0].m);
    if (first === null || t < first) {
      throw new BadRequestException(
        `at: ${toCityIso(t)} lies before the event log (${first === null ? 'no event is stored' : `first event stored ${toCityIso(first)}`})`,
      );
    }
  }

  /**
   * Reads the figures of a period kind as they stood at T: `read` gets a source for
   * {@link LiveQueries}' reads and runs before any other replay moves the state on.
   */
  at<R>(t: number, period: Period, read: (src: FigureSource) => R | Promise<R>, opts: ReplayOptions = {}): Promise<R> {
    const run = this.queue.then(async () => read(await this.sourceNow(t, period, opts)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sourceNow(t: number, period: Period, opts: ReplayOptions): Promise<FigureSource> {
    await this.checkMoment(t);
    const windowFrom = previousPeriodRange(period, t).from;
    let cp = opts.fresh
      ? undefined
      : this.checkpoints
          .filter(
            (c) => c.period === period && c.t <= t && t - c.t <= ROLL_FORWARD_MAX_MS && c.windowFrom <= windowFrom,
          )
          .sort((a, b) => b.t - a.t)[0];
    if (cp) {
      if (cp.t < t) await this.rollForward(cp, t);
    } else {
      cp = await this.build(t, period, windowFrom);
      if (!opts.fresh) {
        this.checkpoints.push(cp);
        if (this.checkpoints.length > CHECKPOINTS) this.checkpoints.shift();
      }
    }
    const previousRanks = this.assessments ? await this.assessments.previousRanksAsOf(t, period) : undefined;
    return { state: cp.state, now: t, previousRanks };
  }

  /**
   * The public feed of a scope as it stood at T: the newest events stored in the 24 hours before
   * T (arrival order), with each case's status at T. Never a reporter or a description.
   */
  async feed(scope: string, t: number, state: LiveState): Promise<FeedItem[]> {
    const rows: { case_id: string; event_id: string; type: CaseEventType; at_ms: string | number }[] =
      await this.dataSource.query(
        `SELECT case_id, event_id, type, at_ms FROM case_event
          WHERE received_at_ms <= ? AND received_at_ms > ? AND at_ms <= ? AND at_ms >= ?
          ORDER BY received_at_ms DESC, seq DESC LIMIT ${FEED_SCAN}`,
        [t, t - DAY_MS, t, t - DAY_MS],
      );
    const tree = this.areas.tree;
    const out: FeedItem[] = [];
    for (const r of rows) {
      const s = state.getCase(r.case_id);
      if (!s || s.status === 'pending' || !s.gridCode || !tree.isWithin(s.gridCode, scope)) continue;
      const node = tree.get(s.gridCode)!;
      out.push({
        eventId: r.event_id,
        caseId: s.caseId,
        category: s.category!,
        areaName: node.name,
        districtName: tree.ancestorAt(node.code, 'district')?.name ?? '',
        title: s.title!,
        status: s.status,
        eventType: r.type,
        at: toCityIso(Number(r.at_ms)),
      });
      if (out.length >= FEED_LIMIT) break;
    }
    return out;
  }

  /** A state at T from the cases that can count in the window [windowFrom, T]. */
  private async build(t: number, period: Period, windowFrom: number): Promise<Checkpoint> {
    const state = new LiveState(this.areas.tree, this.config.current().nearDueFraction, t);
    let after = '';
    for (;;) {
      const rows: { case_id: string }[] = await this.dataSource.query(
        `SELECT case_id FROM case_state
          WHERE case_id > ? AND reported_at <= ?
            AND (reported_at >= ? OR resolved_at >= ? OR status = 'open' OR last_event_at > ?
              OR case_id IN (SELECT case_id FROM case_event WHERE received_at_ms > ?))
          ORDER BY case_id LIMIT ${PAGE}`,
        [after, t, windowFrom, windowFrom, t, t],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].case_id;
      for (const s of await this.foldAt(
        rows.map((r) => r.case_id),
        t,
      ))
        state.upsert(s, t);
      if (rows.length < PAGE) break;
    }
    return { period, windowFrom, t, state, rolledFrom: t };
  }

  /** Moves a checkpoint to T2: cases with an event stored or timed in (t, T2] are folded again. */
  private async rollForward(cp: Checkpoint, t2: number): Promise<void> {
    const rows: { case_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT case_id FROM case_event
        WHERE (received_at_ms > ? AND received_at_ms <= ? AND at_ms <= ?)
           OR (at_ms > ? AND at_ms <= ? AND received_at_ms <= ?)`,
      [cp.t, t2, t2, cp.t, t2, t2],
    );
    cp.state.tick(t2);
    for (const s of await this.foldAt(
      rows.map((r) => r.case_id),
      t2,
    ))
      cp.state.upsert(s, t2);
    cp.t = t2;
  }

  /** The states of cases at T: folded from their events with `at` ≤ T stored by T. */
  private async foldAt(ids: string[], t: number): Promise<CaseState[]> {
    const cfg = this.config.current();
    const tree = this.areas.tree;
    const ctx = foldContextOf(
      () => cfg,
      () => tree,
    );
    const out: CaseState[] = [];
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const part = ids.slice(i, i + IN_CHUNK);
      const evs: { case_id: string; payload: string }[] = await this.dataSource.query(
        `SELECT case_id, payload FROM case_event WHERE case_id IN (${part.map(() => '?').join(', ')}) AND at_ms <= ? AND received_at_ms <= ?`,
        [...part, t, t],
      );
      const byCase = new Map<string, NormalizedEvent[]>();
      for (const e of evs) {
        const list = byCase.get(e.case_id);
        const ev = JSON.parse(e.payload) as NormalizedEvent;
        if (list) list.push(ev);
        else byCase.set(e.case_id, [ev]);
      }
      for (const id of part) out.push(foldCase(id, byCase.get(id) ?? [], ctx));
    }
    return out;
  }
}
