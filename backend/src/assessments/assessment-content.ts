import { createHash } from 'node:crypto';
import {
  ALL_GROUPS,
  CATEGORIES,
  RANKING_TIERS,
  type AssessmentKind,
  type Category,
  type Department,
  type HandlerLevel,
  type MetricSet,
  type RankingTier,
} from '@gridwall/shared';
import type { AreaTree } from '../areas/area-tree';
import type { CaseState } from '../cases/case-model';
import type { DomainConfig } from '../config/domain-config';
import { NN, NP, periodVector, phaseAt, standingVector } from '../live/contribution';
import { DEPT_PREFIX } from '../live/live-state';
import { rankUnits, type RankedUnits } from '../live/ranking';
import { rankingUnitsOf } from '../live/ranking-units';
import { metricSet } from '../live/views';

/** Version of the stored document's format. */
export const CONTENT_FORMAT = 1;
/** Most overdue cases an assessment keeps (most overdue first); totals are always complete. */
export const MAX_ISSUED_OVERDUE = 5_000;
/** Length of a stored counter vector: the period counters, then the standing ones. */
const NV = NP + NN;

/** Counters of one aggregation key: the total and one vector per category present. */
export interface IssuedCounters {
  /** Period counters ({@link NP}) then standing counters ({@link NN}), as of the period end. */
  t: number[];
  /** The same per category (only categories with a case). */
  c: Partial<Record<Category, number[]>>;
}

/** One open case past its deadline at the period end, as it stood then. */
export interface IssuedOverdueCase {
  caseId: string;
  title: string;
  category: Category;
  gridCode: string;
  handlerLevel: HandlerLevel | null;
  departmentCode: string | null;
  /** Epoch ms. */
  deadline: number;
}

/** The stored rankings of one tier for the city: per group (when the tier has groups) and as one list. */
export interface IssuedTierRankings {
  grouped?: RankedUnits;
  all: RankedUnits;
}

/**
 * Everything an issued assessment holds (domain.md §8). Its canonical JSON is hashed; issuing
 * again with the same cut-off, configuration and previous period gives the same hash.
 */
export interface AssessmentContent {
  format: number;
  kind: AssessmentKind;
  period: string;
  /** Period start and end C, epoch ms. */
  from: number;
  to: number;
  /** The events it saw: `seq` ≤ cutoffSeq and `at` < C. */
  cutoffSeq: number;
  events: number;
  /** The configuration in force. */
  config: DomainConfig;
  /** The issued period `change` compares with. */
  previous: { period: string; version: number } | null;
  /** Counters per aggregation key (area code, or `dept:` + department code) with any case. */
  figures: Record<string, IssuedCounters>;
  /** Open cases past their deadline at C, most overdue first, at most {@link MAX_ISSUED_OVERDUE}. */
  overdue: IssuedOverdueCase[];
  /** City-wide rankings of every tier. */
  rankings: Partial<Record<RankingTier, IssuedTierRankings>>;
}

/**
 * Adds up the cases of an assessment as of its period end C: each case (already folded from
 * its events with `at` < C stored by the cut-off) counts in the period's counters when its report
 * lies in [from, C), and in the standing counters when it is open at C. T = C throughout.
 */
export class IssuedAggregator {
  private readonly figures = new Map<string, { t: Float64Array; c: Map<Category, Float64Array> }>();
  private readonly overdue: IssuedOverdueCase[] = [];

  constructor(
    private readonly tree: AreaTree,
    private readonly from: number,
    private readonly to: number,
    private readonly nearDueFraction: number,
  ) {}

  /** Counts one case folded as of C. */
  add(s: CaseState): void {
    if (s.status === 'pending' || s.reportedAt === null || s.reportedAt >= this.to) return;
    const phase = phaseAt(s, this.to, this.nearDueFraction);
    const inPeriod = s.reportedAt >= this.from;
    const pv = inPeriod ? periodVector(s, phase) : null;
    const sv = standingVector(s, phase);
    if (!pv && !sv) return;
    const node = s.gridCode ? this.tree.get(s.gridCode) : undefined;
    const keys = node ? [...node.ancestors] : [];
    if (s.departmentCode) keys.push(DEPT_PREFIX + s.departmentCode);
    const cat = s.category!;
    for (const key of keys) {
      let f = this.figures.get(key);
      if (!f) this.figures.set(key, (f = { t: new Float64Array(NV), c: new Map() }));
      let c = f.c.get(cat);
      if (!c) f.c.set(cat, (c = new Float64Array(NV)));
      if (pv) {
        for (let i = 0; i < NP; i++) {
          f.t[i] += pv[i];
          c[i] += pv[i];
        }
      }
      if (sv) {
        for (let i = 0; i < NN; i++) {
          f.t[NP + i] += sv[i];
          c[NP + i] += sv[i];
        }
      }
    }
    if (phase === 3 && node) {
      this.overdue.push({
        caseId: s.caseId,
        title: s.title ?? '',
        category: cat,
        gridCode: s.gridCode!,
        handlerLevel: s.handlerLevel,
        departmentCode: s.departmentCode,
        deadline: s.deadline!,
      });
      // Keep the list bounded while adding: trim to the most overdue whenever it doubles.
      if (this.overdue.length >= 2 * MAX_ISSUED_OVERDUE) this.trimOverdue();
    }
  }

  private trimOverdue(): void {
    this.overdue.sort(byMostOverdue);
    this.overdue.length = Math.min(this.overdue.length, MAX_ISSUED_OVERDUE);
  }

  /** The counters by key (keys and categories in sorted order) and the overdue list. */
  result(): { figures: Record<string, IssuedCounters>; overdue: IssuedOverdueCase[] } {
    this.trimOverdue();
    const figures: Record<string, IssuedCounters> = {};
    for (const key of [...this.figures.keys()].sort()) {
      const f = this.figures.get(key)!;
      const c: Partial<Record<Category, number[]>> = {};
      for (const cat of CATEGORIES) {
        const v = f.c.get(cat);
        if (v) c[cat] = Array.from(v);
      }
      figures[key] = { t: Array.from(f.t), c };
    }
    return { figures, overdue: [...this.overdue] };
  }
}

function byMostOverdue(a: IssuedOverdueCase, b: IssuedOverdueCase): number {
  return a.deadline - b.deadline || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
}

const ZERO = new Array<number>(NV).fill(0);

/** The §5 metric set of a key (optionally of one category) as issued. */
export function issuedMetrics(
  content: Pick<AssessmentContent, 'figures'>,
  key: string,
  category?: Category,
): MetricSet {
  const f = content.figures[key];
  const v = (category ? f?.c[category] : f?.t) ?? ZERO;
  return metricSet({ period: Float64Array.from(v.slice(0, NP)), standing: Float64Array.from(v.slice(NP)) });
}

/** What ranking an issued period needs besides its content. */
export interface RankContext {
  tree: AreaTree;
  departments: readonly Department[];
}

/** `group=` of a ranking request: one group, `all`, or every group (undefined). */
export type GroupMode = string | undefined;

/**
 * The ranking of a tier within a scope as issued: units scored on the issued figures with the
 * issued configuration; `change` against `previousRanks` (the previous issued period's ranks in
 * the same kind of list).
 */
export function rankIssued(
  content: Pick<AssessmentContent, 'figures' | 'config'>,
  ctx: RankContext,
  tier: RankingTier,
  scope: string,
  group: GroupMode,
  previousRanks?: ReadonlyMap<string, number | null>,
): RankedUnits {
  const units = rankingUnitsOf(ctx.tree, ctx.departments, tier, scope).map((u) => ({
    code: u.code,
    name: u.name,
    current: issuedMetrics(content, u.key),
  }));
  return rankUnits(units, content.config, {
    department: tier === 'department',
    grouping: { groups: content.config.rankingGroups[tier] ?? [], only: group },
    previousRanks: previousRanks ?? new Map(),
  });
}

/** The ranks of a ranking, by code (null for 样本不足). */
export function ranksOf(r: RankedUnits): Map<string, number | null> {
  return new Map(r.rows.map((row) => [row.code, row.rank]));
}

/** Whether a tier has groups under a configuration. */
export function hasGroups(config: Readonly<DomainConfig>, tier: RankingTier): boolean {
  return (config.rankingGroups[tier]?.length ?? 0) > 0;
}

/**
 * The city-wide rankings of every tier, per group and as one list, with `change` against the
 * previous issued content's city-wide rankings.
 */
export function cityRankings(
  content: Pick<AssessmentContent, 'figures' | 'config'>,
  ctx: RankContext,
  previous: Pick<AssessmentContent, 'rankings'> | null,
): Partial<Record<RankingTier, IssuedTierRankings>> {
  const city = ctx.tree.ofLevel('city')[0].code;
  const out: Partial<Record<RankingTier, IssuedTierRankings>> = {};
  for (const tier of RANKING_TIERS) {
    const prev = previous?.rankings[tier];
    const all = rankIssued(content, ctx, tier, city, ALL_GROUPS, prev ? ranksOf(prev.all) : undefined);
    const entry: IssuedTierRankings = { all };
    if (hasGroups(content.config, tier)) {
      const prevGrouped = prev?.grouped ?? prev?.all;
      entry.grouped = rankIssued(content, ctx, tier, city, undefined, prevGrouped ? ranksOf(prevGrouped) : undefined);
    }
    out[tier] = entry;
  }
  return out;
}

/** JSON with object keys sorted at every level: the form that is hashed. */
export function canonicalStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** The content hash: sha256 (hex) of the canonical JSON. */
export function contentHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
