import { BadRequestException, Injectable } from '@nestjs/common';
import {
  ALL_GROUPS,
  CHILD_TIER,
  DAY_MS,
  HOUR_MS,
  OVERDUE_LIMIT,
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
import type { LiveState, TrendBucketRaw } from './live-state';
import { LiveEngine } from './live-engine.service';
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

/** Most buckets one trend range request may ask for, per granularity. */
const MAX_TREND_BUCKETS = { hour: 24 * 31, day: 800 } as const;

/**
 * The read models of the live figures (api.md §2): stats, categories, trend, overdue lists and
 * rankings of any scope, as of the engine's clock. REST and room snapshots read the same ones.
 */
@Injectable()
export class LiveQueries {
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
    const tree = this.areas.tree;
    const cases = state.alertingIn(scope);
    const totalRed = cases.filter((c) => c.phase === 3).length;
    const totalYellow = cases.length - totalRed;
    const chosen = cases
      .filter((c) => !only || (only === 'red' ? c.phase === 3 : c.phase === 2))
      .sort((a, b) => a.s.deadline! - b.s.deadline! || (a.s.caseId < b.s.caseId ? -1 : 1))
      .slice(0, limit);
    const items: OverdueItem[] = chosen.map(({ s, phase }) => ({
      caseId: s.caseId,
      title: s.title!,
      category: s.category!,
      areaPath: areaPathOf(tree, s.gridCode!),
      handler: handlerViewOf(s, (c) => this.departments.get(c)),
      deadline: toCityIso(s.deadline!),
      overdueHours: Math.round(((now - s.deadline!) / HOUR_MS) * 10) / 10,
      state: phase === 3 ? 'red' : 'yellow',
    }));
    return { totalRed, totalYellow, items };
  }

  /**
   * The ranking of a tier within a scope (domain.md §6). Area tiers must lie below the scope;
   * the department tier holds every department for the city, else the departments of the scope's
   * district. `change` compares with the previous period's ranking as of now.
   */
  rankings(tier: RankingTier, scope: string, period: Period, group?: string, src?: FigureSource): RankingView {
    const { state, now, previousRanks: previousOf } = this.source(src);
    const cfg = this.config.current();
    const inputs = this.rankingUnits(tier, scope).map((u) => ({
      code: u.code,
      name: u.name,
      current: metricSet(state.figures(u.key, period, now)),
      previous: metricSet(state.previousFigures(u.key, period, now)),
    }));
    const error = groupError(cfg, tier, group);
    if (error) throw new BadRequestException(error);
    const grouping = { groups: cfg.rankingGroups[tier] ?? [], only: group };
    const previousRanks = previousOf?.(tier, scope, period, grouping.only === ALL_GROUPS);
    const ranked = rankUnits(inputs, cfg, {
      department: tier === 'department',
      grouping,
      previousRanks: previousRanks ?? undefined,
    });
    return { tier, scope, period, ...ranked };
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

function trendView(granularity: 'hour' | 'day', buckets: TrendBucketRaw[]): TrendView {
  return {
    granularity,
    buckets: buckets.map((b) => ({ start: toCityIso(b.start), reported: b.reported, resolved: b.resolved })),
  };
}
