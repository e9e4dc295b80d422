import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ALERT_LIST_LIMIT,
  ALERT_RED_WINDOW_MS,
  HOUR_MS,
  toCityIso,
  type AlertKind,
  type AlertList,
  type AlertView,
} from '@gridwall/shared';
import { LessThan, MoreThanOrEqual, type Repository } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import type { CaseState } from '../cases/case-model';
import { areaPathOf, handlerViewOf } from '../cases/case-views';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { DepartmentsService } from '../departments/departments.service';
import { LiveEngine } from '../live/live-engine.service';
import { AlertAckEntity } from './alert-ack.entity';

/** Event name: acknowledgements changed (the rooms look again). */
export const ALERTS_CHANGED = 'alerts.changed';
/** How often acknowledgements made on other instances are read. */
export const ALERT_ACK_POLL_MS = 2000;
/** Acknowledgements are kept this long (far beyond any alert's life: a red one lasts 24 h). */
export const ALERT_ACK_RETENTION_MS = 60 * 24 * HOUR_MS;
/** Look back this far before the newest acknowledgement seen (clocks of instances differ). */
const SKEW_MS = 10 * 60_000;
const RETENTION_EVERY_MS = HOUR_MS;

/** The alert of a case now, if it has one of this kind (ids: see AlertView.id). */
export function alertIdOf(kind: AlertKind, s: CaseState): string {
  if (kind === 'case.red') return `red:${s.caseId}:${s.deadline}`;
  return `${kind === 'case.escalated_city' ? 'city' : 'joint'}:${s.caseId}`;
}

/** The case id an alert id names. */
export function caseIdOfAlert(id: string): string {
  if (id.startsWith('red:')) return id.slice(4, id.lastIndexOf(':'));
  return id.slice(id.indexOf(':') + 1);
}

/**
 * Alerts that demand attention (告警, issue 13): from the live state, the open cases of a scope
 * that turned red within the last 24 hours, are handled at the city level or are on the
 * joint-meeting agenda, less those acknowledged. An alert ends when it is acknowledged (on a
 * tablet: leader, district head in their district, admin; audited) or when its case is no longer
 * so (resolved, closed, rejected, given a new deadline). Acknowledgements are stored
 * (`alert_ack`) and read by every instance every {@link ALERT_ACK_POLL_MS}.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertsService.name);
  /** Acknowledged ids with the time (the acknowledging process's clock). */
  private readonly acked = new Map<string, number>();
  /** When this server first saw a city or agenda alert (they carry no time of their own). */
  private readonly firstSeen = new Map<string, number>();
  private newest = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private lastRetention = 0;
  private lastError = 0;

  constructor(
    @InjectRepository(AlertAckEntity) private readonly acks: Repository<AlertAckEntity>,
    private readonly engine: LiveEngine,
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly cluster: ClusterService,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.poll(Math.max(0, this.clock.now() - ALERT_ACK_RETENTION_MS)).catch(() => undefined);
    this.timer = setInterval(() => void this.poll(), ALERT_ACK_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The alerts of a scope now, newest first (at most {@link ALERT_LIST_LIMIT}), and their number. */
  current(scope: string): AlertList {
    const now = this.clock.now();
    const all: { view: () => AlertView; since: number; id: string }[] = [];
    const add = (kind: AlertKind, s: CaseState, since: number) => {
      const id = alertIdOf(kind, s);
      if (this.acked.has(id)) return;
      all.push({ id, since, view: () => this.viewOf(kind, id, s, since, now) });
    };
    for (const { s, phase } of this.engine.alertingIn(scope))
      if (phase === 3 && s.deadline !== null && s.deadline >= now - ALERT_RED_WINDOW_MS) add('case.red', s, s.deadline);
    for (const { s } of this.engine.cityIn(scope))
      add('case.escalated_city', s, this.seen(alertIdOf('case.escalated_city', s), now));
    for (const { s } of this.engine.jointIn(scope))
      add('case.joint_meeting', s, this.seen(alertIdOf('case.joint_meeting', s), now));
    all.sort((a, b) => b.since - a.since || (a.id < b.id ? -1 : 1));
    return { scope, total: all.length, items: all.slice(0, ALERT_LIST_LIMIT).map((a) => a.view()) };
  }

  /**
   * Acknowledges alerts for `who`: each must be a current alert (404 naming the first that is
   * not) the principal may see the case of (403). Stored and audited once; returns how many
   * were not acknowledged before.
   */
  async acknowledge(ids: string[], who: Principal): Promise<number> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const s = this.engine.state.getCase(caseIdOfAlert(id));
      const current = s !== undefined && this.isCurrent(id, s);
      if (!current && !this.acked.has(id)) {
        throw new AlertNotFoundError(`ids: ${id} is not a current alert (resolved, or never raised)`);
      }
      const district = s?.gridCode ? (this.areas.tree.ancestorAt(s.gridCode, 'district')?.code ?? null) : null;
      this.auth.assertDetailAccess(who, district, 'ids');
    }
    const fresh = unique.filter((id) => !this.acked.has(id));
    if (fresh.length === 0) return 0;
    const at = this.clock.now();
    await this.acks
      .createQueryBuilder()
      .insert()
      .values(fresh.map((id) => ({ id, ackedAt: at, ackedBy: who.name.slice(0, 100) })))
      .orIgnore()
      .execute();
    for (const id of fresh) this.acked.set(id, at);
    if (at > this.newest) this.newest = at;
    const shown = fresh.length > 20 ? `${fresh.slice(0, 20).join(' ')} …(${fresh.length})` : fresh.join(' ');
    await this.auth.audit(who.name, 'alert-ack', shown);
    this.events.emit(ALERTS_CHANGED);
    return fresh.length;
  }

  private isCurrent(id: string, s: CaseState): boolean {
    const now = this.clock.now();
    if (id.startsWith('red:'))
      return (
        this.engine.phaseOf(s.caseId) === 3 &&
        alertIdOf('case.red', s) === id &&
        s.deadline !== null &&
        s.deadline >= now - ALERT_RED_WINDOW_MS
      );
    if (id.startsWith('city:')) return this.engine.phaseOf(s.caseId) > 0 && s.handlerLevel === 'city';
    return this.engine.phaseOf(s.caseId) > 0 && s.jointMeeting;
  }

  private seen(id: string, now: number): number {
    let t = this.firstSeen.get(id);
    if (t === undefined) {
      t = now;
      this.firstSeen.set(id, t);
    }
    return t;
  }

  private viewOf(kind: AlertKind, id: string, s: CaseState, since: number, now: number): AlertView {
    const tree = this.areas.tree;
    return {
      id,
      kind,
      caseId: s.caseId,
      title: s.title ?? s.caseId,
      category: s.category!,
      areaPath: s.gridCode && tree.has(s.gridCode) ? areaPathOf(tree, s.gridCode) : [],
      handler: handlerViewOf(s, (c) => this.departments.get(c)),
      deadline: s.deadline === null ? null : toCityIso(s.deadline),
      overdueHours: s.deadline === null ? null : Math.round(((now - s.deadline) / HOUR_MS) * 10) / 10,
      since: toCityIso(since),
    };
  }

  /** Reads acknowledgements made since the newest seen (by any instance); never throws. */
  async poll(from = Math.max(0, this.newest - SKEW_MS)): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const rows = await this.acks.find({ where: { ackedAt: MoreThanOrEqual(from) } });
      let changed = false;
      for (const r of rows) {
        if (r.ackedAt > this.newest) this.newest = r.ackedAt;
        if (this.acked.has(r.id)) continue;
        this.acked.set(r.id, r.ackedAt);
        changed = true;
      }
      this.prune();
      if (changed) this.events.emit(ALERTS_CHANGED);
      const now = this.clock.now();
      if (this.cluster.runsSingletons && now - this.lastRetention > RETENTION_EVERY_MS) {
        this.lastRetention = now;
        await this.acks.delete({ ackedAt: LessThan(now - ALERT_ACK_RETENTION_MS) });
      }
    } catch (err) {
      if (Date.now() - this.lastError > 60_000) {
        this.lastError = Date.now();
        this.logger.warn(`cannot read alert acknowledgements: ${(err as Error).message}`);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Forgets what can no longer matter: old acknowledgements, first sightings of ended alerts. */
  private prune(): void {
    const cutoff = this.clock.now() - ALERT_ACK_RETENTION_MS;
    for (const [id, at] of this.acked) if (at < cutoff) this.acked.delete(id);
    if (!this.engine.ready) return;
    for (const id of this.firstSeen.keys()) {
      const s = this.engine.state.getCase(caseIdOfAlert(id));
      if (!s || !this.isCurrent(id, s)) this.firstSeen.delete(id);
    }
  }
}

/** An acknowledgement named an alert that is not current (404). */
export class AlertNotFoundError extends Error {}
