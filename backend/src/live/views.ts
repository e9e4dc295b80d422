import {
  CATEGORIES,
  toCityIso,
  HOUR_MS,
  periodRange,
  type CategoryStats,
  type MetricSet,
  type Period,
  type Rate,
  type StatsView,
} from '@gridwall/shared';
import type { IndexedArea } from '../areas/area-tree';
import { N, P } from './contribution';
import { ZERO_PERIOD, ZERO_STANDING, type LiveState, type RawFigures } from './live-state';

/** A rate with its numerator and denominator; null value for a zero denominator. */
export function rate(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** The metrics of a key with nothing counted, built once (read only: views copy or embed it). */
let zeroMetrics: MetricSet | undefined;

/**
 * Every metric of domain.md §5 from raw counters. A key with nothing counted (the shared zero
 * counters of the live state) gets one shared set: callers never change what they are given.
 */
export function metricSet(f: RawFigures): MetricSet {
  if (f.period === ZERO_PERIOD && f.standing === ZERO_STANDING) return (zeroMetrics ??= computeMetricSet(f));
  return computeMetricSet(f);
}

function computeMetricSet(f: RawFigures): MetricSet {
  const p = f.period;
  const s = f.standing;
  return {
    reported: p[P.reported],
    accepted: p[P.accepted],
    resolved: p[P.resolved],
    due: p[P.due],
    onTime: p[P.onTime],
    extended: p[P.extended],
    openNow: s[N.open],
    overdueNow: s[N.overdue],
    nearDueNow: s[N.nearDue],
    jointMeetingNow: s[N.joint],
    resolutionRate: rate(p[P.resolved], p[P.accepted]),
    closeRate: rate(p[P.resolved], p[P.due]),
    onTimeRate: rate(p[P.onTime], p[P.due]),
    localRate: rate(p[P.local], p[P.resolved]),
    gridRate: rate(p[P.grid], p[P.resolved]),
    reworkRate: rate(p[P.rework], p[P.resolved]),
    satisfactionRate: rate(p[P.satNum], p[P.satDen]),
    patrolShare: rate(p[P.patrol], p[P.reported]),
    extendedRate: rate(p[P.extended], p[P.accepted]),
    avgHandleHours: {
      value: p[P.resolved] === 0 ? null : p[P.handleMs] / p[P.resolved] / HOUR_MS,
      total: p[P.handleMs] / HOUR_MS,
      count: p[P.resolved],
    },
  };
}

/** GET /api/stats for a scope node and period at T. */
export function statsView(state: LiveState, node: IndexedArea, period: Period, now: number): StatsView {
  const { from, to } = periodRange(period, now);
  return {
    scope: node.code,
    scopeName: node.name,
    level: node.level,
    period,
    from: toCityIso(from),
    to: toCityIso(to),
    asOf: toCityIso(now),
    ...metricSet(state.figures(node.code, period, now)),
  };
}

/** The §5 figures per category for a scope and period, in category order. */
export function categoryViews(state: LiveState, scope: string, period: Period, now: number): CategoryStats[] {
  return CATEGORIES.map((category) => ({ category, ...metricSet(state.figures(scope, period, now, category)) }));
}
