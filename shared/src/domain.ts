/**
 * Domain vocabulary of ../shared/spec/domain.md §2–§4: area levels, handler levels,
 * categories, sources, event types and satisfaction grades.
 */

/** Levels of the area tree, from the root down. Index = numeric level of domain.md §2. */
export const AREA_LEVELS = ['city', 'district', 'township', 'village', 'cell'] as const;
/** One level of the area tree (市 / 县区 / 乡镇街道 / 村社区 / 村组楼院). */
export type AreaLevel = (typeof AREA_LEVELS)[number];

/**
 * Levels a case can be handled at, lowest first: escalation (逐级上报) moves a case to a
 * later entry of this list.
 */
export const HANDLER_LEVELS = ['cell', 'village', 'township', 'district', 'city'] as const;
/** The area level now handling a case. */
export type HandlerLevel = (typeof HANDLER_LEVELS)[number];

/** Rank of a handler level: 0 for `cell` up to 4 for `city`. */
export function handlerRank(level: HandlerLevel): number {
  return HANDLER_LEVELS.indexOf(level);
}

/** Case categories (问题类别) of domain.md §3. */
export const CATEGORIES = [
  'illegal_production',
  'illegal_business',
  'illegal_construction',
  'work_safety',
  'petition_stability',
  'grassroots_org',
  'public_service',
  'urban_management',
] as const;
/** One case category. */
export type Category = (typeof CATEGORIES)[number];

/** Chinese names of the categories. */
export const CATEGORY_ZH: Record<Category, string> = {
  illegal_production: '非法生产',
  illegal_business: '非法经营',
  illegal_construction: '非法建设',
  work_safety: '安全生产',
  petition_stability: '信访稳定',
  grassroots_org: '基层组织建设',
  public_service: '公共服务',
  urban_management: '城市管理',
};

/**
 * Default time limit (处置时限) per category, in calendar hours. Configurable at run time;
 * a `dispatched` event's own deadline always wins.
 */
export const DEFAULT_TIME_LIMIT_HOURS: Record<Category, number> = {
  illegal_production: 72,
  illegal_business: 72,
  illegal_construction: 480,
  work_safety: 24,
  petition_stability: 360,
  grassroots_org: 168,
  public_service: 72,
  urban_management: 48,
};

/** Where a report came from. `patrol` is proactive discovery by grid staff (主动发现). */
export const SOURCES = ['patrol', 'citizen', 'hotline', 'assigned', 'other'] as const;
/** One report source. */
export type Source = (typeof SOURCES)[number];

/** Chinese names of the sources. */
export const SOURCE_ZH: Record<Source, string> = {
  patrol: '网格员巡查',
  citizen: '群众反映',
  hotline: '热线',
  assigned: '上级交办',
  other: '其他',
};

/**
 * Case event types, in the order events with the same `at` are folded (domain.md §4).
 */
export const EVENT_TYPES = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'extended',
  'escalated',
  'resolved',
  'reopened',
  'closed',
] as const;
/** One case event type. */
export type CaseEventType = (typeof EVENT_TYPES)[number];

/** Satisfaction grades given on closing. */
export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
/** One satisfaction grade. */
export type Satisfaction = (typeof SATISFACTIONS)[number];

/**
 * Where a case stands after folding its events.
 * - `pending`: events arrived but no `reported` yet; counts nowhere.
 * - `reported`: reported, not yet accepted or rejected.
 * - `rejected`: 不予立案; leaves every rate.
 * - `open`: accepted and not resolved (including reopened cases).
 * - `resolved`: resolved, awaiting verification.
 * - `closed`: verified and closed.
 */
export const CASE_STATUSES = ['pending', 'reported', 'rejected', 'open', 'resolved', 'closed'] as const;
/** One case status. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Chinese labels of the statuses, for the feed. */
export const CASE_STATUS_ZH: Record<CaseStatus, string> = {
  pending: '待上报',
  reported: '已上报',
  rejected: '不予立案',
  open: '办理中',
  resolved: '已办结',
  closed: '已结案',
};

/** An area node of the tree. */
export interface AreaNode {
  /** Stable code: the administrative code where one exists (e.g. "410102" 中原区). */
  code: string;
  /** Chinese name. */
  name: string;
  /** Level in the tree. */
  level: AreaLevel;
  /** Code of the parent node; null for the city. */
  parentCode: string | null;
}

/** A functional department (条). */
export interface Department {
  /** Stable code, e.g. "city.scjg". */
  code: string;
  /** Chinese name. */
  name: string;
  /** `city`, or the code of the district it belongs to. */
  level: string;
}
