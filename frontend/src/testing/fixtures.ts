/**
 * Builders of live-protocol payloads for unit tests. Only spec files import this module.
 */
import { COUNT_METRICS, RATE_METRICS, parseRoomId, roomIdOf } from '@gridwall/shared';
import type {
  Category,
  CategoryStats,
  FeedItem,
  MetricSet,
  OverdueItem,
  Patch,
  RankingRow,
  Rate,
  Snapshot,
  StatsView,
} from '@gridwall/shared';

/** A rate from its parts. */
export function rate(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** A metric set of zeros with `overrides` applied. */
export function metrics(overrides: Partial<MetricSet> = {}): MetricSet {
  const set = { avgHandleHours: { value: null, total: 0, count: 0 } } as MetricSet;
  for (const key of COUNT_METRICS) set[key] = 0;
  for (const key of RATE_METRICS) set[key] = rate(0, 0);
  return { ...set, ...overrides };
}

/** City-wide stats for today. */
export function stats(overrides: Partial<StatsView> = {}): StatsView {
  return {
    ...metrics(),
    scope: '410100',
    scopeName: '郑州市',
    level: 'city',
    period: 'day',
    from: '2026-11-21T00:00:00.000+08:00',
    to: '2026-11-22T00:00:00.000+08:00',
    asOf: '2026-11-21T09:30:00.000+08:00',
    ...overrides,
  };
}

/** Figures of one category. */
export function categoryStats(category: Category, overrides: Partial<MetricSet> = {}): CategoryStats {
  return { ...metrics(overrides), category };
}

/** A feed item; `n` makes the case id and time distinct. */
export function feedItem(n: number, overrides: Partial<FeedItem> = {}): FeedItem {
  const ss = String(n % 60).padStart(2, '0');
  return {
    eventId: `E-${n}`,
    caseId: `C2026-${String(n).padStart(6, '0')}`,
    category: 'urban_management',
    areaName: '林山寨街道',
    districtName: '中原区',
    title: `占道经营 ${n}`,
    status: 'reported',
    eventType: 'reported',
    at: `2026-11-21T09:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${ss}.000+08:00`,
    ...overrides,
  };
}

/** `count` feed items numbered from `first` down, newest first. */
export function feedItems(first: number, count: number): FeedItem[] {
  return Array.from({ length: count }, (_, i) => feedItem(first - i));
}

/** A snapshot of the city-wide day room; its `room` follows scope, period and tier unless given. */
export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const { scope = '410100', period = 'day', tier = 'district' } = overrides;
  return {
    room: roomIdOf(scope, period, tier),
    seq: 10,
    scope,
    period,
    tier,
    stats: stats(),
    categories: [categoryStats('urban_management', { reported: 3 })],
    trend: { granularity: 'hour', buckets: [] },
    rankings: null,
    overdue: { totalRed: 0, totalYellow: 0, items: [] },
    feed: feedItems(3, 3),
    ...overrides,
  };
}

/** A patch of the city-wide day room (another room when `parts.room` names one). */
export function patch(seq: number, parts: Partial<Omit<Patch, 'seq'>> = {}): Patch {
  const room = parts.room ?? roomIdOf('410100', 'day', 'district');
  const where = parseRoomId(room);
  return {
    room,
    seq,
    scope: where?.scope ?? '410100',
    period: where?.period ?? 'day',
    tier: where?.tier ?? null,
    ...parts,
  };
}

/** A ranking row; `n` makes code and name distinct. */
export function rankingRow(n: number, overrides: Partial<RankingRow> = {}): RankingRow {
  return {
    rank: n,
    code: `4101${String(n).padStart(2, '0')}`,
    name: `单位${n}`,
    score: 90 - n,
    resolutionRate: rate(90, 100),
    onTimeRate: rate(95, 100),
    localRate: rate(96, 100),
    satisfactionRate: rate(9, 10),
    accepted: 100,
    overdueNow: 0,
    flags: [],
    change: 0,
    ...overrides,
  };
}

/** An overdue (red) or near-due (yellow) case. */
export function overdueItem(n: number, overrides: Partial<OverdueItem> = {}): OverdueItem {
  return {
    caseId: `C${n}`,
    title: `超期 ${n}`,
    category: 'work_safety',
    areaPath: [
      { code: '410102', name: '中原区' },
      { code: '410102001', name: '林山寨街道' },
      { code: '410102001002', name: '建设路社区' },
      { code: '410102001002001', name: '一组' },
    ],
    handler: { level: 'township', departmentCode: null, departmentName: null },
    deadline: '2026-11-21T08:00:00.000+08:00',
    overdueHours: 1.5,
    state: 'red',
    ...overrides,
  };
}
