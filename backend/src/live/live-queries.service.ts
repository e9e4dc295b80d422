import { BadRequestException, Injectable } from '@nestjs/common';
import {
  ALL_GROUPS,
  CHILD_TIER,
  DAY_MS,
  HOUR_MS,
  OVERDUE_LIMIT,
  periodStart,
  toCityIso,
  type CategoryStats,
  type OverdueItem,
  type OverdueView,
  type Period,
  type RankingTier,
  type RankingView,
  type StatsView,
  type TrendView,
} from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import { areaPathOf, handlerViewOf } from '../cases/case-views';
import { Clock } from '../common/clock';
import { DomainConfigService } from '../config/domain-config.service';
import { DepartmentsService } from '../departments/departments.service';
import type { CaseState } from '../cases/case-model';
import type { LiveState, TrendBucketRaw } from './live-state';
import { LiveEngine } from './live-engine.service';
import type { Phase } from './contribution';
import type { DomainConfig } from '../config/domain-config';
import { groupError, rankUnits } from './ranking';
import { assertTierBelow, rankingUnitsOf, type RankingUnit } from './ranking-units';
import { categoryViews, metricSet, statsView } from './views';

export type { RankingUnit };

/**
 * Where figures are read from: the live engine's state at its clock (the default), or a replay's
 * state at a past moment (with the issued ranks that existed then).
 */
export interface FigureSource {
  state: LiveState;
  now: number;
  previousRanks?: LiveQueries['previousRanks'];
}

/** Most entries each memo of {@link LiveQueries} holds before it starts afresh. */
const MEMO_MAX = 1024;

/**
 * A live ranking as computed, with everything it was computed from: it is served again while
 * the state, its epoch, the period start, the change stamp of every counted key, the
 * configuration, the units and the previous period's issued ranks are all the same.
 */
interface RankingMemo {
  state: LiveState;
  epoch: number;
  start: number;
  stamp: number;
  cfg: Readonly<DomainConfig>;
  units: RankingUnit[];
  previousRanks: ReadonlyMap<string, number | null> | null | undefined;
  view: RankingView;
}

/** The open yellow/red cases of a scope as sorted for the overdue list, while they stand. */
interface OverdueMemo {
  state: LiveState;
  alertStamp: number;
  totalRed: number;
  totalYellow: number;
  chosen: { s: CaseState; phase: Phase; areaPath: OverdueItem['areaPath']; deadline: string }[];
}

/** Most buckets one trend range request may ask for, per granularity. */
const MAX_TREND_BUCKETS = { hour: 24 * 31, day: 800 } as const;

/**
 * The read models of the live figures (api.md §2): stats, categories, trend, overdue lists and
 * rankings of any scope, as of the engine's clock. REST and room snapshots read the same ones.
 */
@Injectable()
export class LiveQueries {
  private readonly rankingMemo = new Map<string, RankingMemo>();
  private readonly overdueMemo = new Map<string, OverdueMemo>();

  constructor(
    private readonly engine: LiveEngine,
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
    private readonly config: DomainConfigService,
  ) {}

  private source(src?: FigureSource): FigureSource {
    return src ?? { state: this.engine.state, now: this.clock.now(), previousRanks: this.previousRanks };
  }

  /** Every §5 metric of a scope and period (GET /api/stats). */
  stats(scope: string, period: Period, src?: FigureSource): StatsView {
    const node = this.areas.require(scope);
    const { state, now } = this.source(src);
    return statsView(state, node, period, now);
  }

  /** The §5 figures per category of a scope and period. */
  categories(scope: string, period: Period, src?: FigureSource): CategoryStats[] {
    this.areas.require(scope);
    const { state, now } = this.source(src);
    return categoryViews(state, scope, period, now);
  }

  /** The trend of a scope for a period (hours of a day, days of longer periods). */
  trend(scope: string, period: Period, src?: FigureSource): TrendView {
    const { state, now } = this.source(src);
    const t = state.trend(scope, period, now);
    return trendView(t.grain, t.buckets);
  }

  /**
   * Reported/resolved per hour or day over [from, to) (api.md §2). The live window holds hours
   * since yesterday 00:00 and days since last year's 1 January; older ranges get a 400.
   */
  trendRange(scope: string, granularity: 'hour' | 'day', from: number, to: number): TrendView {
    this.areas.require(scope);
    const windowStart = this.engine.state.trendWindowStart(granularity);
    if (from < windowStart) {
      throw new BadRequestException(
        `from: ${granularity} buckets are kept from ${toCityIso(windowStart)} on; ask for a later from`,
      );
    }
    if (to <= from) throw new BadRequestException('to: must be after from');
    const maxBuckets = MAX_TREND_BUCKETS[granularity];
    if ((to - from) / (granularity === 'hour' ? HOUR_MS : DAY_MS) > maxBuckets) {
      throw new BadRequestException(`to: at most ${maxBuckets} ${granularity} buckets per request`);
    }
    return trendView(granularity, this.engine.state.trendRange(scope, granularity, from, to));
  }

  /** Red and yellow open cases of a scope, most overdue first, bounded, with totals. */
  overdue(scope: string, limit = OVERDUE_LIMIT, only?: 'red' | 'yellow', src?: FigureSource): OverdueView {
    const { state, now } = this.source(src);
    // The sorted cases depend only on the state's alerting cases: rooms of one scope (its
    // periods and tiers) and REST share them while no case changed. Handlers and hours are
    // read anew each time (departments and the clock move on their own).
    const key = `${scope}|${only ?? ''}|${limit}`;
    let m = src ? undefined : this.overdueMemo.get(key);
    if (!m || m.state !== state || m.alertStamp !== state.alertStamp) {
      m = this.sortedOverdue(state, scope, limit, only);
      if (!src) remember(this.overdueMemo, key, m);
    }
    const items: OverdueItem[] = m.chosen.map(({ s, phase, areaPath, deadline }) => ({
      caseId: s.caseId,
      title: s.title!,
      category: s.category!,
      areaPath,
      handler: handlerViewOf(s, (c) => this.departments.get(c)),
      deadline,
      overdueHours: Math.round(((now - s.deadline!) / HOUR_MS) * 10) / 10,
      state: phase === 3 ? 'red' : 'yellow',
    }));
    return { totalRed: m.totalRed, totalYellow: m.totalYellow, items };
  }

  private sortedOverdue(state: LiveState, scope: string, limit: number, only?: 'red' | 'yellow'): OverdueMemo {
    const tree = this.areas.tree;
    const cases = state.alertingIn(scope);
    const totalRed = cases.filter((c) => c.phase === 3).length;
    const totalYellow = cases.length - totalRed;
    const chosen = cases
      .filter((c) => !only || (only === 'red' ? c.phase === 3 : c.phase === 2))
      .sort((a, b) => a.s.deadline! - b.s.deadline! || (a.s.caseId < b.s.caseId ? -1 : 1))
      .slice(0, limit)
      .map(({ s, phase }) => ({
        s,
        phase,
        areaPath: areaPathOf(tree, s.gridCode!),
        deadline: toCityIso(s.deadline!),
      }));
    return { state, alertStamp: state.alertStamp, totalRed, totalYellow, chosen };
  }

  /**
   * The ranking of a tier within a scope (domain.md §6). Area tiers must lie below the scope;
   * the department tier holds every department for the city, else the departments of the scope's
   * district. `change` compares with the previous period's ranking as of now.
   */
  rankings(tier: RankingTier, scope: string, period: Period, group?: string, src?: FigureSource): RankingView {
    const { state, now, previousRanks: previousOf } = this.source(src);
    const cfg = this.config.current();
    const units = this.rankingUnits(tier, scope);
    const error = groupError(cfg, tier, group);
    if (error) throw new BadRequestException(error);
    const grouping = { groups: cfg.rankingGroups[tier] ?? [], only: group };
    const previousRanks = previousOf?.(tier, scope, period, grouping.only === ALL_GROUPS);
    // A live ranking is computed once while what it reads stands: every unit's counters (area
    // units lie below the scope, so any change to them stamps the scope; departments share one
    // stamp), the period, the configuration, the units and the issued previous ranks.
    const key = `${tier}|${scope}|${period}|${group ?? ''}`;
    const start = periodStart(period, now);
    const stamp = tier === 'department' ? state.deptStamp : state.changeStamp(scope);
    const m = src ? undefined : this.rankingMemo.get(key);
    if (
      m &&
      m.state === state &&
      m.epoch === state.epoch &&
      m.start === start &&
      m.stamp === stamp &&
      m.cfg === cfg &&
      sameUnits(m.units, units) &&
      sameRanks(m.previousRanks, previousRanks)
    ) {
      return m.view;
    }
    // The previous period's figures are only ranked when no issued ranks stand in for them.
    const inputs = units.map((u) => ({
      code: u.code,
      name: u.name,
      current: metricSet(state.figures(u.key, period, now)),
      previous: previousRanks ? undefined : metricSet(state.previousFigures(u.key, period, now)),
    }));
    const ranked = rankUnits(inputs, cfg, {
      department: tier === 'department',
      grouping,
      previousRanks: previousRanks ?? undefined,
    });
    const view: RankingView = { tier, scope, period, ...ranked };
    if (!src) {
      remember(this.rankingMemo, key, {
        state,
        epoch: state.epoch,
        start,
        stamp,
        cfg,
        units,
        previousRanks,
        view,
      });
    }
    return view;
  }

  /**
   * Where a live ranking's `change` looks for the previous period's ranks: the issued assessment
   * of that period (domain.md §6), set by the assessments module; null when none is issued.
   */
  previousRanks?: (
    tier: RankingTier,
    scope: string,
    period: Period,
    wholeTier: boolean,
  ) => ReadonlyMap<string, number | null> | null;

  /** The ranking tier of a subscription: the one asked for, else the scope's child tier. */
  resolveTier(scope: string, tier?: RankingTier): RankingTier | null {
    const node = this.areas.tree.get(scope);
    if (!node) throw new BadRequestException(`scope: unknown area code ${JSON.stringify(scope)}`);
    if (tier === undefined) return CHILD_TIER[node.level];
    assertTierBelow(tier, node);
    return tier;
  }

  /** The units a tier ranks within a scope. */
  rankingUnits(tier: RankingTier, scope: string): RankingUnit[] {
    this.areas.require(scope);
    return rankingUnitsOf(this.areas.tree, this.departments.list(), tier, scope);
  }
}

/** Keeps a memo entry, starting afresh when the memo is full. */
function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size >= MEMO_MAX && !memo.has(key)) memo.clear();
  memo.set(key, value);
}

function sameUnits(a: readonly RankingUnit[], b: readonly RankingUnit[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].code !== b[i].code || a[i].name !== b[i].name || a[i].key !== b[i].key) return false;
  }
  return true;
}

function sameRanks(
  a: ReadonlyMap<string, number | null> | null | undefined,
  b: ReadonlyMap<string, number | null> | null | undefined,
): boolean {
  if (!a || !b) return (a ?? null) === (b ?? null);
  if (a.size !== b.size) return false;
  for (const [code, r] of a) if (b.get(code) !== r || !b.has(code)) return false;
  return true;
}

function trendView(granularity: 'hour' | 'day', buckets: TrendBucketRaw[]): TrendView {
  return {
    granularity,
    buckets: buckets.map((b) => ({ start: toCityIso(b.start), reported: b.reported, resolved: b.resolved })),
  };
}
