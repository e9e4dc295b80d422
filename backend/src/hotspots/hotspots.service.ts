import {
  BadRequestException,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HOUR_MS,
  toCityIso,
  type Category,
  type HotspotHistoryItem,
  type HotspotHistoryPage,
  type HotspotLevel,
  type HotspotView,
  type HotspotWindow,
} from '@gridwall/shared';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import type { CaseState } from '../cases/case-model';
import { CaseStateEntity } from '../cases/case-state.entity';
import { CASES_COMMITTED, type CasesCommitted } from '../cases/cases.events';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { hotspotSettings, type HotspotSettings } from './hotspot-settings';
import { HotspotEntity } from './hotspot.entity';
import { HOTSPOT_RAISED, HOTSPOTS_CHANGED, type HotspotRaised, type HotspotsChanged } from './hotspots.events';
import { unitsOfNode } from './units';
import {
  SurgeDetector,
  type ActiveSurge,
  type Pair,
  type SurgeChanges,
  type UnitRef,
  type WindowTest,
} from './surge-detector';

/** How often time moves on (expiry, clearing, baseline hours), ms of real time. */
export const HOTSPOT_TICK_MS = 60_000;
/** Case states read per page when the baseline is rebuilt. */
const PAGE = 5000;
/** Most open case ids a hotspot lists. */
const OPEN_IDS = 50;
/** Cleared hotspots older than this are deleted from the history. */
const HISTORY_RETENTION_MS = 400 * 24 * HOUR_MS;

const round1 = (x: number) => Math.round(x * 10) / 10;

const windowView = (t: WindowTest): HotspotWindow => ({
  hours: t.hours,
  count: t.count,
  expected: round1(t.expected),
  tailProbability: t.p,
  threshold: t.threshold,
});

/**
 * Hotspots (预警): surge detection per unit × category on the stream of committed cases
 * (docs/hotspots.md), the current list (from memory, synchronous), the stored history, and
 * `hotspots.changed` whenever a scope's list changed. The baseline is rebuilt from `case_state`
 * at start; only the instance that runs singletons writes the history (any instance may list).
 */
@Injectable()
export class HotspotsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HotspotsService.name);
  readonly settings: HotspotSettings;
  private detectorValue: SurgeDetector | undefined;
  private readonly unitCache = new Map<string, UnitRef[]>();
  private rebuilding = false;
  private buffered: CasesCommitted[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Database writes, one at a time, in order. */
  private writes: Promise<void> = Promise.resolve();
  private inserting = new Set<ActiveSurge>();
  private lastReconcile = -Infinity;
  private lastRetention = -Infinity;

  constructor(
    private readonly areas: AreasService,
    private readonly clock: Clock,
    config: ConfigService,
    private readonly cluster: ClusterService,
    private readonly events: EventEmitter2,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.settings = hotspotSettings((k) => config.get(k));
  }

  private get repo(): Repository<HotspotEntity> {
    return this.dataSource.getRepository(HotspotEntity);
  }

  /** The detector (for tests and diagnostics). */
  get detector(): SurgeDetector {
    if (!this.detectorValue) throw new Error('hotspot detector not built yet');
    return this.detectorValue;
  }

  /** True once the baseline is built. */
  get ready(): boolean {
    return this.detectorValue !== undefined && !this.rebuilding;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) return;
    await this.rebuild();
    this.timer = setInterval(
      () => void this.tick().catch((e: Error) => this.logger.warn(`tick: ${e.message}`)),
      HOTSPOT_TICK_MS,
    );
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.writes;
  }

  private unitsOf = (code: string): readonly UnitRef[] => {
    let u = this.unitCache.get(code);
    if (!u) {
      u = unitsOfNode(this.areas.tree, code);
      this.unitCache.set(code, u);
    }
    return u;
  };

  /**
   * Builds the detector from the stored case states reported in the baseline weeks (read in
   * pages by report time), takes back the hotspots still open in the history, then evaluates.
   */
  async rebuild(): Promise<void> {
    const started = Date.now();
    this.rebuilding = true;
    this.buffered = [];
    const detector = new SurgeDetector(this.settings.params, this.unitsOf);
    const p = detector.params;
    let now = this.clock.now();
    const from = now - (p.baselineWeeks * 168 + p.windowHours + p.padHours + 2) * HOUR_MS;
    /** Report times of the cases of buffered commits that a page already counted. */
    const loaded = new Map<string, number>();
    const bufferedIds = new Set<string>();
    let total = 0;
    try {
      let afterAt = from - 1;
      let afterId = '';
      for (;;) {
        const rows: {
          case_id: string;
          reported_at: string | number;
          grid_code: string;
          category: Category;
          status: string;
        }[] = await this.dataSource
          .getRepository(CaseStateEntity)
          .createQueryBuilder('s')
          .select(['s.case_id AS case_id', 's.reported_at AS reported_at', 's.grid_code AS grid_code'])
          .addSelect(['s.category AS category', 's.status AS status'])
          .where('s.reported_at IS NOT NULL AND s.reported_at <= :to', { to: now })
          .andWhere('(s.reported_at > :afterAt OR (s.reported_at = :afterAt AND s.case_id > :afterId))', {
            afterAt,
            afterId,
          })
          .orderBy('s.reported_at', 'ASC')
          .addOrderBy('s.case_id', 'ASC')
          .limit(PAGE)
          .getRawMany();
        if (rows.length === 0) break;
        for (const c of this.buffered) for (const s of c.states) bufferedIds.add(s.caseId);
        for (const r of rows) {
          const at = Number(r.reported_at);
          if (r.grid_code === null || r.category === null || r.status === 'pending') continue;
          if (bufferedIds.has(r.case_id)) loaded.set(r.case_id, at);
          detector.observe(
            { caseId: r.case_id, at, gridCode: r.grid_code, category: r.category, open: isOpenStatus(r.status) },
            true,
            now,
          );
        }
        total += rows.length;
        const last = rows[rows.length - 1];
        afterAt = Number(last.reported_at);
        afterId = last.case_id;
        if (rows.length < PAGE) break;
        await new Promise<void>((r) => setImmediate(r));
      }
      now = this.clock.now();
      detector.advance(now, false);
      for (const row of await this.repo.find({ where: { clearedAt: IsNull() } })) {
        const unit = this.unitsOf(row.unitCode).find((u) => u.code === row.unitCode);
        if (!unit) {
          this.write(() => this.repo.update({ id: row.id }, { clearedAt: now, updatedAt: now }).then(() => undefined));
          continue;
        }
        detector.restore(unit, row.category, {
          raisedAt: row.raisedAt,
          peakCount: row.peakCount,
          peakAt: row.peakAt,
          peakExpected: row.peakExpected,
          minP: row.minP,
          trigger: {
            hours: row.triggerHours,
            count: row.triggerCount,
            expected: row.triggerExpected,
            n: row.triggerCount,
            share: 0,
            p: row.triggerP,
            threshold: row.triggerThreshold,
            fires: true,
          },
          id: String(row.id),
        });
      }
      this.detectorValue = detector;
      const pending = this.buffered;
      this.buffered = [];
      for (const c of pending) this.apply(c, loaded);
    } finally {
      this.rebuilding = false;
    }
    this.handle(this.detector.tick(this.clock.now()), []);
    this.logger.log(
      `hotspot baseline rebuilt from ${total} cases (${detector.pairCount} unit × category series) in ${Date.now() - started} ms`,
    );
  }

  /** Takes committed cases in (buffered while the baseline is rebuilt). */
  @OnEvent(CASES_COMMITTED)
  onCommitted(committed: CasesCommitted): void {
    if (!this.settings.enabled) return;
    if (this.rebuilding || !this.detectorValue) {
      if (this.rebuilding) this.buffered.push(committed);
      return;
    }
    try {
      this.apply(committed);
    } catch (err) {
      this.logger.error(`hotspots: ${(err as Error).message}`);
    }
  }

  private apply({ states, events }: CasesCommitted, loaded?: Map<string, number>): void {
    const detector = this.detector;
    const now = this.clock.now();
    const reports = new Map<string, Set<number>>();
    for (const e of events) {
      if (e.type !== 'reported') continue;
      let set = reports.get(e.caseId);
      if (!set) reports.set(e.caseId, (set = new Set()));
      set.add(e.at);
    }
    const touched: Pair[] = [];
    for (const s of states) {
      if (s.status === 'pending' || s.reportedAt === null || s.gridCode === null || s.category === null) continue;
      const isNew = (reports.get(s.caseId)?.has(s.reportedAt) ?? false) && loaded?.get(s.caseId) !== s.reportedAt;
      for (const p of detector.observe(reportOf(s), isNew, now)) touched.push(p);
    }
    if (touched.length === 0) return;
    this.handle(detector.evaluate(now, touched), touched);
  }

  /** Moves time on: expiry, clearing, stored peaks, the history's reconciliation and retention. */
  async tick(): Promise<void> {
    if (!this.ready) return;
    const now = this.clock.now();
    this.handle(this.detector.tick(now), []);
    if (this.cluster.runsSingletons) {
      for (const p of this.detector.activePairs()) {
        const a = p.active!;
        if (!a.dirty || a.id === undefined) continue;
        a.dirty = false;
        const id = a.id;
        const patch = {
          peakCount: a.peakCount,
          peakAt: a.peakAt,
          peakExpected: a.peakExpected,
          minP: a.minP,
          updatedAt: now,
        };
        this.write(() => this.repo.update({ id }, patch).then(() => undefined));
      }
    }
    if (now - this.lastReconcile >= 5 * 60_000 || now < this.lastReconcile) {
      this.lastReconcile = now;
      await this.reconcile(now);
    }
    if (this.cluster.runsSingletons && (now - this.lastRetention >= 24 * HOUR_MS || now < this.lastRetention)) {
      this.lastRetention = now;
      this.write(() =>
        this.repo
          .createQueryBuilder()
          .delete()
          .where('cleared_at IS NOT NULL AND cleared_at < :t', { t: now - HISTORY_RETENTION_MS })
          .execute()
          .then(() => undefined),
      );
    }
    await this.writes;
  }

  /**
   * Brings the stored open hotspots and the ones in memory together: an instance that did not
   * write a hotspot adopts the stored id; the writer stores what it holds unstored (it just
   * became the writer) and closes stored ones it does not hold.
   */
  private async reconcile(now: number): Promise<void> {
    const rows = await this.repo.find({ where: { clearedAt: IsNull() } });
    const held = new Map(this.detector.activePairs().map((p) => [p.key, p]));
    const writer = this.cluster.runsSingletons;
    for (const row of rows) {
      const p = held.get(`${row.unitCode}|${row.category}`);
      const a = p?.active;
      if (a && (a.id === undefined || a.id === String(row.id))) {
        if (a.id === undefined && !this.inserting.has(a)) {
          a.id = String(row.id);
          a.raisedAt = Math.min(a.raisedAt, row.raisedAt);
        }
        continue;
      }
      if (writer)
        this.write(() => this.repo.update({ id: row.id }, { clearedAt: now, updatedAt: now }).then(() => undefined));
    }
    if (writer) for (const p of held.values()) if (p.active!.id === undefined) this.store(p);
  }

  private write(fn: () => Promise<void>): void {
    this.writes = this.writes.then(fn).catch((err: Error) => this.logger.warn(`hotspot history: ${err.message}`));
  }

  /** Stores a raised hotspot (the writer only), then announces it for notifications. */
  private store(p: Pair): void {
    const a = p.active!;
    if (this.inserting.has(a)) return;
    this.inserting.add(a);
    const unit = p.unit;
    const tree = this.areas.tree;
    this.write(async () => {
      try {
        const now = this.clock.now();
        const row = await this.repo.save(
          this.repo.create({
            unitCode: unit.code,
            unitLevel: unit.level as HotspotLevel,
            districtCode: tree.ancestorAt(unit.code, 'district')?.code ?? null,
            townshipCode: tree.ancestorAt(unit.code, 'township')?.code ?? null,
            category: p.category,
            raisedAt: a.raisedAt,
            clearedAt: p.active === a ? null : now,
            windowHours: this.detector.params.windowHours,
            triggerHours: a.trigger.hours,
            triggerCount: a.trigger.count,
            triggerExpected: a.trigger.expected,
            triggerP: a.trigger.p,
            triggerThreshold: a.trigger.threshold,
            peakCount: a.peakCount,
            peakAt: a.peakAt,
            peakExpected: a.peakExpected,
            minP: a.minP,
            updatedAt: now,
          }),
        );
        a.id = String(row.id);
        a.dirty = false;
        if (p.active === a) {
          const raised: HotspotRaised = { view: this.viewOf(p, now) };
          this.events.emit(HOTSPOT_RAISED, raised);
        }
      } finally {
        this.inserting.delete(a);
      }
    });
  }

  private handle(changes: SurgeChanges, touched: readonly Pair[]): void {
    const units = new Set<string>();
    const writer = this.cluster.runsSingletons;
    for (const p of changes.raised) {
      units.add(p.unit.code);
      if (writer) this.store(p);
    }
    for (const { pair, surge, at } of changes.cleared) {
      units.add(pair.unit.code);
      if (!writer) continue;
      // Queued after its insert: the id is read when the write runs.
      this.write(async () => {
        if (surge.id === undefined) return;
        await this.repo.update(
          { id: surge.id },
          {
            clearedAt: at,
            peakCount: surge.peakCount,
            peakAt: surge.peakAt,
            peakExpected: surge.peakExpected,
            minP: surge.minP,
            updatedAt: at,
          },
        );
      });
    }
    for (const p of changes.updated) units.add(p.unit.code);
    for (const p of touched) if (p.active) units.add(p.unit.code);
    if (units.size === 0) return;
    const scopes = new Set<string>();
    for (const u of units) for (const a of this.areas.tree.get(u)?.ancestors ?? [u]) scopes.add(a);
    const payload: HotspotsChanged = { units: [...units].sort(), scopes: [...scopes].sort() };
    this.events.emit(HOTSPOTS_CHANGED, payload);
  }

  /** The current hotspots of units at or below `scope`, strongest first (from memory). */
  current(scope: string): HotspotView[] {
    if (!this.detectorValue) return [];
    const tree = this.areas.tree;
    const now = this.clock.now();
    return this.detector
      .activePairs()
      .filter((p) => tree.isWithin(p.unit.code, scope))
      .map((p) => this.viewOf(p, now))
      .sort((a, b) => a.tailProbability - b.tailProbability || (a.since < b.since ? 1 : -1) || (a.id < b.id ? -1 : 1));
  }

  private areaPath(code: string): { code: string; name: string }[] {
    const tree = this.areas.tree;
    const node = tree.get(code);
    if (!node) return [];
    return [...node.ancestors]
      .reverse()
      .map((c) => tree.get(c)!)
      .filter((n) => n.level !== 'city')
      .map((n) => ({ code: n.code, name: n.name }));
  }

  private viewOf(p: Pair, now: number): HotspotView {
    const d = this.detector;
    const a = p.active!;
    const tests = d.test(p, now);
    const main = tests[0];
    const open = d.openCases(p, now, OPEN_IDS);
    const trend = d.trend(p, now, 24);
    const node = this.areas.tree.get(p.unit.code);
    return {
      id: a.id ?? `pending:${p.unit.code}:${p.category}`,
      unit: { code: p.unit.code, name: node?.name ?? p.unit.code, level: p.unit.level },
      areaPath: this.areaPath(p.unit.code),
      category: p.category,
      windowHours: d.params.windowHours,
      windowCount: main.count,
      expected: round1(main.expected),
      ratio: main.expected > 0 ? round1(main.count / main.expected) : null,
      tailProbability: main.p,
      trigger: windowView(a.trigger),
      since: toCityIso(a.raisedAt),
      peakCount: Math.max(a.peakCount, main.count),
      peakAt: toCityIso(a.peakAt),
      openCases: open.total,
      openCaseIds: open.ids,
      trend: {
        from: toCityIso(trend.fromHour * HOUR_MS),
        hourly: trend.counts,
        expected: trend.expected.map(round1),
      },
    };
  }

  /** Hotspots raised in [from, to) in a scope, newest first, from the stored history. */
  async history(scope: string, from: number, to: number, limit: number, offset: number): Promise<HotspotHistoryPage> {
    if (!(from < to)) throw new BadRequestException('from: must be before to');
    const node = this.areas.require(scope);
    const qb = this.repo
      .createQueryBuilder('h')
      .where('h.raised_at >= :from AND h.raised_at < :to', { from, to })
      .orderBy('h.raised_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .skip(offset)
      .take(limit);
    if (node.level === 'district') qb.andWhere('h.district_code = :s', { s: scope });
    else if (node.level === 'township') qb.andWhere('h.township_code = :s', { s: scope });
    else if (node.level === 'village') qb.andWhere('h.unit_code = :s', { s: scope });
    else if (node.level === 'cell') qb.andWhere('1 = 0');
    const [rows, total] = await qb.getManyAndCount();
    const tree = this.areas.tree;
    const items: HotspotHistoryItem[] = rows.map((r) => ({
      id: String(r.id),
      unit: { code: r.unitCode, name: tree.get(r.unitCode)?.name ?? r.unitCode, level: r.unitLevel },
      areaPath: this.areaPath(r.unitCode),
      category: r.category,
      raisedAt: toCityIso(r.raisedAt),
      clearedAt: r.clearedAt === null ? null : toCityIso(r.clearedAt),
      windowHours: r.windowHours,
      peakCount: r.peakCount,
      peakAt: toCityIso(r.peakAt),
      expectedAtPeak: round1(r.peakExpected),
      tailProbability: r.minP,
      trigger: {
        hours: r.triggerHours,
        count: r.triggerCount,
        expected: round1(r.triggerExpected),
        tailProbability: r.triggerP,
        threshold: r.triggerThreshold,
      },
    }));
    return { scope, from: toCityIso(from), to: toCityIso(to), total, offset, limit, items };
  }

  /** Resolves once every queued history write is done (tests). */
  flush(): Promise<void> {
    return this.writes;
  }
}

function isOpenStatus(status: string): boolean {
  return status === 'reported' || status === 'open';
}

function reportOf(s: CaseState) {
  return {
    caseId: s.caseId,
    at: s.reportedAt!,
    gridCode: s.gridCode!,
    category: s.category!,
    open: isOpenStatus(s.status),
  };
}
