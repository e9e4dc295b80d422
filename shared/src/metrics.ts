/**
 * Metric keys and the shapes of the figures of ../shared/spec/domain.md §5–§6.
 */
import type { AreaLevel, CaseEventType, CaseStatus, Category, HandlerLevel } from './domain';
import type { Period } from './time';

/** A rate shown with its numerator and denominator; `value` is null when the denominator is 0. */
export interface Rate {
  /** numerator / denominator in [0, 1], or null for a zero denominator (shown as "—"). */
  value: number | null;
  numerator: number;
  denominator: number;
}

/** A mean shown with its sum and count; `value` is null when the count is 0. */
export interface Mean {
  /** total / count, or null for a zero count. */
  value: number | null;
  /** Sum of the averaged quantity. */
  total: number;
  count: number;
}

/** Count metrics of domain.md §5. */
export const COUNT_METRICS = [
  'reported',
  'accepted',
  'resolved',
  'due',
  'onTime',
  'extended',
  'openNow',
  'overdueNow',
  'nearDueNow',
  'jointMeetingNow',
] as const;
/** Key of a count metric. */
export type CountMetric = (typeof COUNT_METRICS)[number];

/** Rate metrics of domain.md §5. */
export const RATE_METRICS = [
  'resolutionRate',
  'closeRate',
  'onTimeRate',
  'localRate',
  'gridRate',
  'reworkRate',
  'satisfactionRate',
  'patrolShare',
  'extendedRate',
] as const;
/** Key of a rate metric. */
export type RateMetric = (typeof RATE_METRICS)[number];

/** Every metric key of domain.md §5. */
export type MetricKey = CountMetric | RateMetric | 'avgHandleHours';

/** Chinese labels of every metric. */
export const METRIC_ZH: Record<MetricKey, string> = {
  reported: '发现上报数',
  accepted: '立案数',
  resolved: '办结数',
  due: '应结案数',
  onTime: '按期结案数',
  extended: '延期数',
  openNow: '在办数',
  overdueNow: '超期数',
  nearDueNow: '临期数',
  jointMeetingNow: '联席会议待议',
  resolutionRate: '办结率',
  closeRate: '结案率',
  onTimeRate: '按期结案率',
  localRate: '属地化解率',
  gridRate: '网格内化解率',
  reworkRate: '返工率',
  satisfactionRate: '满意率',
  patrolShare: '主动发现率',
  extendedRate: '延期率',
  avgHandleHours: '平均办理时长',
};

/** Every figure of domain.md §5 for one scope and period. */
export type MetricSet = Record<CountMetric, number> &
  Record<RateMetric, Rate> & {
    /** Mean of (resolved time − accepted time) over the resolved cases, in hours. */
    avgHandleHours: Mean;
  };

/** GET /api/stats: the metrics of one scope and period. */
export interface StatsView extends MetricSet {
  /** Area code of the scope node. */
  scope: string;
  /** Name of the scope node. */
  scopeName: string;
  /** Level of the scope node. */
  level: AreaLevel;
  period: Period;
  /** Start of the period, ISO-8601 in city time (inclusive). */
  from: string;
  /** End of the period, ISO-8601 in city time (exclusive). */
  to: string;
  /** The instant T the figures are as of, ISO-8601 in city time. */
  asOf: string;
}

/** The metrics of one category within a scope and period. */
export interface CategoryStats extends MetricSet {
  category: Category;
}

/** One bucket of the trend. */
export interface TrendBucket {
  /** Bucket start, ISO-8601 in city time. */
  start: string;
  /** Cases whose `reported` event lies in the bucket. */
  reported: number;
  /** Cases whose resolved time (as it stands now) lies in the bucket. */
  resolved: number;
}

/** Reported/resolved counts per hour or per day. */
export interface TrendView {
  granularity: 'hour' | 'day';
  buckets: TrendBucket[];
}

/** Ranking tiers of domain.md §6. */
export const RANKING_TIERS = ['district', 'township', 'village', 'department'] as const;
/** One ranking tier. */
export type RankingTier = (typeof RANKING_TIERS)[number];

/** Flags of a ranking row: 红牌 (< 60), 黄牌 (60–80), 末位 (lowest rank). */
export type RankingFlag = 'red' | 'yellow' | 'last';

/** One row of a ranking. */
export interface RankingRow {
  /** Shared rank (1, 2, 2, 4); null for units with too few cases (样本不足). */
  rank: number | null;
  code: string;
  name: string;
  /** Score out of 100, rounded to 0.01; null when not ranked. */
  score: number | null;
  /** 结案率 = resolved / due. */
  closeRate: Rate;
  /** 办结率 = resolved / accepted (progress, not the headline). */
  resolutionRate: Rate;
  onTimeRate: Rate;
  /** For departments: 1 − reworkRate. */
  localRate: Rate;
  satisfactionRate: Rate;
  accepted: number;
  /** 应结案数: the due cases `minCases` counts. */
  due: number;
  overdueNow: number;
  flags: RankingFlag[];
  /**
   * Rank in the previous period minus rank now (positive = moved up), compared like with like
   * (rank within the same group); null if not ranked then.
   */
  change: number | null;
  /** Key of the ranking group (分组考核) the row is ranked in; absent when the tier has no groups. */
  group?: string;
}

/** A ranking group of a tier: its key and heading (城区组, 县（市）组, 开发区组 …). */
export interface RankingGroupInfo {
  key: string;
  name: string;
}

/** The group key of units in no configured group, and its heading. */
export const OTHER_GROUP: RankingGroupInfo = { key: 'other', name: '其他' };
/** `group=all`: the whole tier in one list, as if it had no groups. */
export const ALL_GROUPS = 'all';

/** A ranking of one tier within a scope for a period. */
export interface RankingView {
  tier: RankingTier;
  scope: string;
  period: Period;
  /**
   * The groups the rows are ranked in, in order (rows come group by group); absent when the
   * tier has no groups or `group=all` was asked for.
   */
  groups?: RankingGroupInfo[];
  rows: RankingRow[];
}

/** Who handles a case now. */
export interface HandlerView {
  level: HandlerLevel;
  departmentCode: string | null;
  departmentName: string | null;
}

/** One open case in the overdue (red) or near-due (yellow) list. */
export interface OverdueItem {
  caseId: string;
  title: string;
  category: Category;
  /** Area path from the district down to the case's node. */
  areaPath: { code: string; name: string }[];
  handler: HandlerView;
  /** ISO-8601 in city time. */
  deadline: string;
  /** Hours past the deadline (positive) or remaining before it (negative). */
  overdueHours: number;
  state: 'red' | 'yellow';
}

/** An open case as the tablet's case lists show it (`GET /api/cases`). */
export interface OpenCaseItem extends Omit<OverdueItem, 'state' | 'deadline' | 'overdueHours'> {
  deadline: string | null;
  /** Hours past the deadline (positive) or before it (negative); null without a deadline. */
  overdueHours: number | null;
  state: 'red' | 'yellow' | 'green';
  reportedAt: string;
}

/** `GET /api/cases?scope=&state=&limit=&offset=`: a scope's open cases, worst first, paged. */
export interface OpenCaseList {
  scope: string;
  /** Filter asked for: every open case, or only red, yellow or green ones. */
  state: 'all' | 'red' | 'yellow' | 'green';
  /** Open cases of each state in the scope (whatever the filter). */
  totals: { red: number; yellow: number; green: number };
  /** Cases the filter matches. */
  total: number;
  offset: number;
  limit: number;
  items: OpenCaseItem[];
}

/** The overdue list with its totals; `items` is bounded. */
export interface OverdueView {
  totalRed: number;
  totalYellow: number;
  items: OverdueItem[];
}

/** A public feed item: never a reporter's name, phone or free-text description. */
export interface FeedItem {
  /** Id of the event this item reports; unique, usable as a list key. */
  eventId: string;
  caseId: string;
  category: Category;
  /** Name of the case's area node. */
  areaName: string;
  /** District name, for context on city-wide screens. */
  districtName: string;
  title: string;
  status: CaseStatus;
  /** Type of the event that produced this item. */
  eventType: CaseEventType;
  /** ISO-8601 in city time. */
  at: string;
}

/** One event of a case's timeline, as shown to roles allowed case details. */
export interface TimelineEntry {
  eventId: string;
  type: CaseEventType;
  /** ISO-8601 in city time. */
  at: string;
  handlerLevel?: HandlerLevel;
  departmentCode?: string;
  departmentName?: string;
  /** New deadline set by this event (dispatch or extension), ISO-8601. */
  deadline?: string;
  toLevel?: HandlerLevel;
  jointMeeting?: boolean;
  reason?: string;
  note?: string;
  satisfaction?: string;
}

/** GET /api/cases/:caseId: one case with its whole timeline (leader, admin, district in its own district). */
export interface CaseDetail {
  caseId: string;
  title: string;
  category: Category;
  source: string;
  status: CaseStatus;
  /** From the district down to the case's node. */
  areaPath: { code: string; name: string; level: AreaLevel }[];
  handler: HandlerView;
  /** Every department the case was ever dispatched to. */
  departments: { code: string; name: string }[];
  reportedAt: string;
  acceptedAt: string | null;
  deadline: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: string | null;
  reworkCount: number;
  extendedCount: number;
  jointMeeting: boolean;
  /** 'red' overdue, 'yellow' near due, 'green' open in time, null when not open. */
  state: 'red' | 'yellow' | 'green' | null;
  /** Free text of the report. */
  description: string | null;
  /** The reporter, phone masked (138****1234). */
  reporter: { name?: string; phone?: string } | null;
  location: { lng: number; lat: number } | null;
  /**
   * Whether `location` lies in the case's own district (inside its outline, or near a zone's
   * seat); false: the reported point is elsewhere and must not be drawn as the case's place;
   * null: no location, or a district whose place is not known.
   */
  locationInDistrict: boolean | null;
  timeline: TimelineEntry[];
}

/** One case on the joint-meeting (联席会议) agenda. */
export interface MeetingItem {
  caseId: string;
  title: string;
  category: Category;
  areaPath: { code: string; name: string }[];
  handler: HandlerView;
  departments: { code: string; name: string }[];
  /** Whole days since acceptance. */
  daysOpen: number;
  /** ISO-8601 in city time. */
  acceptedAt: string;
  deadline: string | null;
  state: 'red' | 'yellow' | 'green';
}

/** GET /api/meeting: open cases flagged for the joint meeting in a scope, oldest first. */
export interface MeetingView {
  scope: string;
  total: number;
  items: MeetingItem[];
}

/** One weighted part of a score: a rate, its configured weight and what it contributed. */
export interface ScorePart {
  /** The rate (for departments `localRate` stands for 1 − reworkRate). */
  metric: RateMetric;
  /** Configured weight. */
  weight: number;
  /** Weight after null rates were taken out and the rest scaled back to 1 (0 for a null rate). */
  effectiveWeight: number;
  /** The rate as scored (1 − rate for reworkRate and extendedRate); null leaves the sum. */
  value: number | null;
  /** Points it contributed: 100 × effectiveWeight × value. */
  points: number;
}

/** A score taken apart (domain.md §6), with the configuration that produced it. */
export interface ScoreBreakdown {
  parts: ScorePart[];
  /** 核减: min(cap, 100 × overdueNow / max(1, accepted)). */
  deduction: number;
  deductionCap: number;
  /** 核加 configured for the unit. */
  bonus: number;
  /** Σ points − deduction + bonus, rounded to 0.01; null when not ranked. */
  score: number | null;
  /** Due cases and the `minCases` needed to be ranked. */
  due: number;
  minCases: number;
}

/** One issued period of a unit's ranking history (from issued assessments, so it never drifts). */
export interface RankHistoryPoint {
  /** Period key, e.g. 2026-W48. */
  period: string;
  /** Period name, e.g. 2026年第48周. */
  label: string;
  /** Period start, ISO-8601 in city time. */
  from: string;
  /** Period end (exclusive). */
  to: string;
  /** Rank in its group (or tier) that period (null: 样本不足). */
  rank: number | null;
  score: number | null;
  /** Units ranked in its group (or tier) that period. */
  ranked: number;
  flags: RankingFlag[];
  change: number | null;
  /** Ranking group the unit was ranked in, when the tier has groups, and its name (城区组). */
  group?: string;
  groupName?: string;
  /** Version of the issued assessment and when it was issued. */
  version: number;
  issuedAt: string;
  /** The score taken apart with the weights that were in force. */
  breakdown: ScoreBreakdown;
}

/** GET /api/rankings/history: a unit's rank in the issued assessments of a kind, oldest first. */
export interface RankHistoryView {
  tier: RankingTier;
  scope: string;
  code: string;
  name: string;
  kind: 'week' | 'month' | 'quarter' | 'year';
  points: RankHistoryPoint[];
}
