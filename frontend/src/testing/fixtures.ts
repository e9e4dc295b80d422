/**
 * Builders of live-protocol payloads for unit tests. Only spec files import this module.
 */
import { COUNT_METRICS, RATE_METRICS, parseRoomId, roomIdOf } from '@gridwall/shared';
import type {
  AssessmentHeader,
  AssessmentKind,
  Category,
  CategoryStats,
  IssuedRankingView,
  IssuedStatsView,
  RankHistoryPoint,
  RankingGroupInfo,
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
    closeRate: rate(90, 96),
    resolutionRate: rate(90, 100),
    onTimeRate: rate(95, 100),
    localRate: rate(96, 100),
    satisfactionRate: rate(9, 10),
    accepted: 100,
    due: 96,
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

/** The header of an issued assessment (2026-W48 unless told), issued at its freeze time. */
export function assessmentHeader(overrides: Partial<AssessmentHeader> = {}): AssessmentHeader {
  const kind: AssessmentKind = overrides.kind ?? 'week';
  return {
    kind,
    period: '2026-W48',
    label: '2026年第48周',
    from: '2026-11-23T00:00:00.000+08:00',
    to: '2026-11-30T00:00:00.000+08:00',
    version: 1,
    issuedAt: '2026-11-30T02:00:00.000+08:00',
    events: 12345,
    hash: 'ab'.repeat(32),
    reason: null,
    issuedBy: null,
    previous: { period: '2026-W47', version: 1 },
    ...overrides,
  };
}

/** The issued city-wide figures of a period (those of the monthly report in domain.md §5 unless told). */
export function issuedStats(overrides: Partial<IssuedStatsView> = {}): IssuedStatsView {
  return {
    ...stats({
      period: 'week',
      accepted: 996,
      due: 972,
      resolved: 911,
      onTime: 737,
      extended: 40,
      overdueNow: 61,
      closeRate: rate(911, 972),
      onTimeRate: rate(737, 972),
      resolutionRate: rate(911, 996),
      extendedRate: rate(40, 996),
      satisfactionRate: rate(700, 760),
      from: '2026-11-23T00:00:00.000+08:00',
      to: '2026-11-30T00:00:00.000+08:00',
      asOf: '2026-11-30T00:00:00.000+08:00',
    }),
    category: null,
    assessment: { kind: 'week', period: '2026-W48', version: 1, issuedAt: '2026-11-30T02:00:00.000+08:00' },
    ...overrides,
  };
}

/** The district groups of Zhengzhou (domain.md §6). */
export const DISTRICT_GROUPS: RankingGroupInfo[] = [
  { key: 'urban', name: '城区组' },
  { key: 'county', name: '县（市）组' },
  { key: 'zone', name: '开发区组' },
];

/** An issued district ranking in groups: `sizes[i]` rows in group i, ranked 1… within each. */
export function issuedRanking(
  sizes: number[] = [3, 2, 1],
  overrides: Partial<IssuedRankingView> = {},
): IssuedRankingView {
  let n = 0;
  const rows = sizes.flatMap((size, g) =>
    Array.from({ length: size }, (_, i) => {
      n += 1;
      return rankingRow(n, { rank: i + 1, group: DISTRICT_GROUPS[g].key, flags: i === size - 1 ? ['last'] : [] });
    }),
  );
  return {
    tier: 'district',
    scope: '410100',
    period: 'week',
    groups: DISTRICT_GROUPS.slice(0, sizes.length),
    rows,
    assessment: { kind: 'week', period: '2026-W48', version: 1, issuedAt: '2026-11-30T02:00:00.000+08:00' },
    ...overrides,
  };
}

/** One point of an issued rank history (2026-W48 unless told), with its score taken apart. */
export function rankHistoryPoint(overrides: Partial<RankHistoryPoint> = {}): RankHistoryPoint {
  return {
    period: '2026-W48',
    label: '2026年第48周',
    from: '2026-11-23T00:00:00.000+08:00',
    to: '2026-11-30T00:00:00.000+08:00',
    rank: 2,
    score: 86.5,
    ranked: 6,
    flags: [],
    change: 1,
    group: 'urban',
    version: 1,
    issuedAt: '2026-11-30T02:00:00.000+08:00',
    breakdown: {
      parts: [
        { metric: 'closeRate', weight: 0.3, effectiveWeight: 0.3, value: 0.9372, points: 28.12 },
        { metric: 'onTimeRate', weight: 0.3, effectiveWeight: 0.3, value: 0.7582, points: 22.75 },
        { metric: 'localRate', weight: 0.2, effectiveWeight: 0.2, value: 0.96, points: 19.2 },
        { metric: 'satisfactionRate', weight: 0.2, effectiveWeight: 0.2, value: 0.9, points: 18 },
      ],
      deduction: 1.57,
      deductionCap: 10,
      bonus: 0,
      score: 86.5,
      due: 972,
      minCases: 5,
    },
    ...overrides,
  };
}
