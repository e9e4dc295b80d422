import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AREA_LEVEL_ZH,
  CATEGORY_ZH,
  DAY_MS,
  HANDLER_LEVEL_ZH,
  HOUR_MS,
  TIER_ZH,
  hotspotHeadline,
  parsePeriodKey,
  periodLabel,
  toCityIso,
  type NotificationBody,
  type NotificationKind,
  type RankingTier,
} from '@gridwall/shared';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { ASSESSMENT_ISSUED, AssessmentsService, type AssessmentIssued } from '../assessments/assessments.service';
import type { CaseState } from '../cases/case-model';
import { CaseStateEntity } from '../cases/case-state.entity';
import { rowToState } from '../cases/case-store.service';
import { areaPathOf, handlerViewOf } from '../cases/case-views';
import { CASES_COMMITTED, type CasesCommitted } from '../cases/cases.events';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { DepartmentsService } from '../departments/departments.service';
import { HOTSPOT_RAISED, type HotspotRaised } from '../hotspots/hotspots.events';
import { notificationId } from './webhook-format';
import { NotifyCursorEntity } from './webhook.entity';
import { OutboxService } from './outbox.service';

/** Case events older than this do not notify (a backfill or a replayed backlog is not news). */
export const CASE_NOTIFY_MAX_AGE_MS = 24 * HOUR_MS;
/** An issued assessment notifies when its period ended at most this long ago (or it is a re-issue). */
const ASSESSMENT_NOTIFY_MAX_AGE_MS = 8 * DAY_MS;
/** How often open cases whose deadline passed are looked for. */
const RED_SCAN_MS = 60_000;
const RED_CURSOR = 'case.red';
const RED_PAGE = 1000;
const RED_TIERS: RankingTier[] = ['district', 'township', 'village', 'department'];
const MAX_UNITS_LISTED = 50;

/**
 * Where notifications come from (docs/hotspots.md): the stream of committed cases (escalated to
 * the city, put on the joint-meeting agenda), a periodic scan of `case_state` for open cases
 * whose deadline passed since the instant last checked (stored, so nothing is missed across a
 * restart), raised hotspots and issued assessments with red cards. Each notification carries
 * no reporter data and an id derived from what it is about, so a repeat is stored once.
 */
@Injectable()
export class NotificationSources implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationSources.name);
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<number> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly cluster: ClusterService,
    private readonly assessments: AssessmentsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.cluster.runsSingletons)
        void this.scanOverdue().catch((e: Error) => this.logger.warn(`overdue scan: ${e.message}`));
    }, RED_SCAN_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning?.catch(() => undefined);
    await this.settled();
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  private send(n: NotificationBody): void {
    const p = this.outbox
      .enqueue(n)
      .catch((err: Error) => this.logger.warn(`outbox: ${n.kind} ${n.id}: ${err.message}`))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Resolves once every notification made so far is stored in the outbox. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private body(
    kind: NotificationKind,
    naturalKey: string,
    title: string,
    lines: string[],
    data: Record<string, unknown>,
  ) {
    return {
      id: notificationId(`${kind}|${naturalKey}`),
      kind,
      createdAt: toCityIso(this.clock.now()),
      title,
      lines,
      data,
    };
  }

  /** The public facts of a case: never the reporter, the phone or the description. */
  private caseFacts(s: CaseState): { lines: string[]; data: Record<string, unknown> } {
    const tree = this.areas.tree;
    const path = s.gridCode && tree.has(s.gridCode) ? areaPathOf(tree, s.gridCode) : [];
    const handler = handlerViewOf(s, (c) => this.departments.get(c));
    const where = path.map((p) => p.name).join(' / ');
    const who = `${HANDLER_LEVEL_ZH[handler.level] ?? handler.level}${handler.departmentName ? ` · ${handler.departmentName}` : ''}`;
    const lines = [
      `案件：${s.caseId} ${s.title ?? ''}`.trim(),
      `类别：${s.category ? CATEGORY_ZH[s.category] : '—'}`,
      `位置：${where || '—'}`,
      `承办：${who}`,
    ];
    if (s.deadline !== null) lines.push(`时限：${toCityIso(s.deadline).slice(0, 16).replace('T', ' ')}`);
    return {
      lines,
      data: {
        caseId: s.caseId,
        title: s.title,
        category: s.category,
        areaPath: path,
        handler,
        status: s.status,
        reportedAt: s.reportedAt === null ? null : toCityIso(s.reportedAt),
        deadline: s.deadline === null ? null : toCityIso(s.deadline),
        jointMeeting: s.jointMeeting,
      },
    };
  }

  /** Escalations to the city and joint-meeting flags, from committed events. */
  @OnEvent(CASES_COMMITTED)
  onCommitted({ states, events }: CasesCommitted): void {
    const city = this.outbox.wants('case.escalated_city');
    const joint = this.outbox.wants('case.joint_meeting');
    const red = this.outbox.wants('case.red');
    if (!city && !joint && !red) return;
    const now = this.clock.now();
    const byId = new Map(states.map((s) => [s.caseId, s]));
    for (const e of events) {
      const s = byId.get(e.caseId);
      if (!s || s.status !== 'open' || e.at < now - CASE_NOTIFY_MAX_AGE_MS) continue;
      const toCity =
        (e.type === 'escalated' && e.toLevel === 'city') || (e.type === 'dispatched' && e.handlerLevel === 'city');
      if (city && toCity && s.handlerLevel === 'city') {
        const f = this.caseFacts(s);
        this.send(
          this.body(
            'case.escalated_city',
            `${s.caseId}|${e.eventId}`,
            `上报市级：${s.title ?? s.caseId}`,
            f.lines,
            f.data,
          ),
        );
      }
      if (joint && e.type === 'escalated' && e.jointMeeting === true && s.jointMeeting) {
        const f = this.caseFacts(s);
        this.send(
          this.body(
            'case.joint_meeting',
            `${s.caseId}|${e.eventId}`,
            `提请联席会议：${s.title ?? s.caseId}`,
            f.lines,
            f.data,
          ),
        );
      }
    }
    // A case that became open with its deadline already past (a late event): red at once.
    if (red)
      for (const s of states)
        if (
          s.status === 'open' &&
          s.deadline !== null &&
          s.deadline < now &&
          s.deadline >= now - CASE_NOTIFY_MAX_AGE_MS
        )
          this.sendRed(s, now);
  }

  private sendRed(s: CaseState, now: number): void {
    const f = this.caseFacts(s);
    const hours = Math.max(0, Math.round(((now - s.deadline!) / HOUR_MS) * 10) / 10);
    this.send(
      this.body(
        'case.red',
        `${s.caseId}|${s.deadline}`,
        `超期督办：${s.title ?? s.caseId}`,
        [...f.lines, `已超期 ${hours} 小时`],
        {
          ...f.data,
          overdueHours: hours,
        },
      ),
    );
  }

  /**
   * Open cases whose deadline passed in [last instant checked, now): one `case.red` each. The
   * instant is stored; the first scan starts now, and a long outage is caught up for at most
   * 24 hours. Runs where singletons run (every minute); returns how many were found.
   */
  scanOverdue(): Promise<number> {
    if (!this.scanning) {
      this.scanning = this.scanOverdueNow().finally(() => {
        this.scanning = undefined;
      });
    }
    return this.scanning;
  }

  private async scanOverdueNow(): Promise<number> {
    const now = this.clock.now();
    const cursors = this.dataSource.getRepository(NotifyCursorEntity);
    const stored = await cursors.findOne({ where: { name: RED_CURSOR } });
    if (!stored) {
      await cursors.save({ name: RED_CURSOR, atMs: now });
      return 0;
    }
    if (!this.outbox.wants('case.red')) {
      await cursors.save({ name: RED_CURSOR, atMs: now });
      return 0;
    }
    let from = Math.max(stored.atMs, now - CASE_NOTIFY_MAX_AGE_MS);
    let found = 0;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(CaseStateEntity)
        .createQueryBuilder('s')
        .where("s.status = 'open' AND s.deadline IS NOT NULL AND s.deadline >= :from AND s.deadline < :now", {
          from,
          now,
        })
        .orderBy('s.deadline', 'ASC')
        .addOrderBy('s.case_id', 'ASC')
        .limit(RED_PAGE)
        .getMany();
      for (const r of rows) this.sendRed(rowToState(r), now);
      found += rows.length;
      if (rows.length < RED_PAGE) break;
      // The same deadline may go on past the page: the next page starts at it (repeats are stored once).
      const last = rows[rows.length - 1].deadline!;
      if (last === from) break;
      from = last;
    }
    await cursors.save({ name: RED_CURSOR, atMs: now });
    return found;
  }

  @OnEvent(HOTSPOT_RAISED)
  onHotspot({ view }: HotspotRaised): void {
    if (!this.outbox.wants('hotspot.raised')) return;
    const where = view.areaPath.map((p) => p.name).join(' / ');
    const headline = hotspotHeadline(view.windowHours, view.windowCount, view.expected);
    this.send(
      this.body(
        'hotspot.raised',
        view.id,
        `预警：${view.unit.name} ${CATEGORY_ZH[view.category]}`,
        [
          `${AREA_LEVEL_ZH[view.unit.level]}：${where}`,
          `类别：${CATEGORY_ZH[view.category]}`,
          headline,
          `近${view.trigger.hours}小时 ${view.trigger.count} 件（常态约 ${view.trigger.expected} 件，P = ${view.trigger.tailProbability.toExponential(1)}）`,
          `在办案件 ${view.openCases} 件`,
        ],
        {
          hotspotId: view.id,
          unit: view.unit,
          areaPath: view.areaPath,
          category: view.category,
          windowHours: view.windowHours,
          windowCount: view.windowCount,
          expected: view.expected,
          tailProbability: view.tailProbability,
          trigger: view.trigger,
          since: view.since,
          openCaseIds: view.openCaseIds,
        },
      ),
    );
  }

  @OnEvent(ASSESSMENT_ISSUED)
  onAssessment(issued: AssessmentIssued): void {
    if (!this.outbox.wants('assessment.red_card')) return;
    const p = this.redCards(issued)
      .catch((err: Error) => this.logger.warn(`red cards of ${issued.period}: ${err.message}`))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** One `assessment.red_card` per tier of an issued version that has red cards. Returns how many. */
  async redCards({ kind, period, version, issuedAt }: AssessmentIssued): Promise<number> {
    const range = parsePeriodKey(kind, period);
    if (version === 1 && range && issuedAt - range.to > ASSESSMENT_NOTIFY_MAX_AGE_MS) return 0;
    const root = this.areas.root.code;
    let sent = 0;
    for (const tier of RED_TIERS) {
      let rows;
      try {
        rows = (await this.assessments.rankings(kind, period, tier, root, undefined, version)).rows;
      } catch (err) {
        this.logger.debug(`red cards: ${tier}: ${(err as Error).message}`);
        continue;
      }
      const red = rows.filter((r) => r.flags.includes('red'));
      if (red.length === 0) continue;
      const label = periodLabel(kind, period);
      const listed = red.slice(0, MAX_UNITS_LISTED);
      const names = listed.map((r) => `${r.name}（${r.score ?? '—'}分）`).join('、');
      this.send(
        this.body(
          'assessment.red_card',
          `${kind}|${period}|${version}|${tier}`,
          `考核红牌：${label} ${TIER_ZH[tier]} ${red.length} 个单位`,
          [
            `考核：${label}（第${version}版）`,
            `层级：${TIER_ZH[tier]}`,
            `红牌单位：${names}${red.length > listed.length ? ` 等 ${red.length} 个` : ''}`,
          ],
          {
            assessment: { kind, period, version },
            tier,
            total: red.length,
            units: listed.map((r) => ({
              code: r.code,
              name: r.name,
              score: r.score,
              rank: r.rank,
              group: r.group ?? null,
            })),
          },
        ),
      );
      sent += 1;
    }
    return sent;
  }
}
