/**
 * Issued assessments (domain.md §8; api.md §4): the week, month, quarter and year as they
 * closed. Period keys are in city time: `2026-W48` (ISO week, Monday first), `2026-11`,
 * `2026-Q4`, `2026`.
 */
import type { Category } from './domain';
import type { RankingTier, RankingView, StatsView, CategoryStats } from './metrics';
import { CITY_UTC_OFFSET_MS, DAY_MS, periodEnd, periodRange, type Period, type TimeRange } from './time';

/** Period kinds that are issued as assessments. */
export const ASSESSMENT_KINDS = ['week', 'month', 'quarter', 'year'] as const;
/** One assessment kind. */
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** Chinese names of the assessment kinds (周评比、月通报、季考核、年考评). */
export const ASSESSMENT_KIND_ZH: Record<AssessmentKind, string> = {
  week: '周评比',
  month: '月通报',
  quarter: '季考核',
  year: '年考评',
};

/** True when `x` names an assessment kind. */
export function isAssessmentKind(x: unknown): x is AssessmentKind {
  return typeof x === 'string' && (ASSESSMENT_KINDS as readonly string[]).includes(x);
}

/** City-calendar parts of an instant. */
function local(t: number): { y: number; m: number; d: number; dow: number } {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  return { y: l.getUTCFullYear(), m: l.getUTCMonth(), d: l.getUTCDate(), dow: (l.getUTCDay() + 6) % 7 };
}

/** ISO week-year and week number of the city-calendar day containing `t`. */
export function isoWeekOf(t: number): { year: number; week: number } {
  const { y, m, d, dow } = local(t);
  // The Thursday of this week decides the week-year.
  const thursday = Date.UTC(y, m, d - dow + 3);
  const year = new Date(thursday).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: 1 + Math.floor((thursday - jan1) / (7 * DAY_MS)) };
}

/** The key of the period of `kind` containing `t`: 2026-W48, 2026-11, 2026-Q4, 2026. */
export function periodKeyOf(kind: AssessmentKind, t: number): string {
  const { y, m } = local(t);
  switch (kind) {
    case 'week': {
      const { year, week } = isoWeekOf(t);
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return `${y}-${String(m + 1).padStart(2, '0')}`;
    case 'quarter':
      return `${y}-Q${Math.floor(m / 3) + 1}`;
    case 'year':
      return String(y);
  }
}

const KEY_PATTERN: Record<AssessmentKind, RegExp> = {
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

/** The expected form of a period key, for messages. */
export const PERIOD_KEY_FORM: Record<AssessmentKind, string> = {
  week: 'YYYY-Www (ISO week, e.g. 2026-W48)',
  month: 'YYYY-MM (e.g. 2026-11)',
  quarter: 'YYYY-Qn (e.g. 2026-Q4)',
  year: 'YYYY (e.g. 2026)',
};

/** The [from, to) of a period key, or null when the key is malformed or names no such period. */
export function parsePeriodKey(kind: AssessmentKind, key: string): TimeRange | null {
  const m = KEY_PATTERN[kind].exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2999) return null;
  const cityMidnight = (y: number, mo: number, d: number) => Date.UTC(y, mo, d) - CITY_UTC_OFFSET_MS;
  let from: number;
  switch (kind) {
    case 'week': {
      const week = Number(m[2]);
      if (week < 1) return null;
      // Week 1 holds 4 January; weeks start on Monday.
      const jan4 = cityMidnight(year, 0, 4);
      from = jan4 - local(jan4).dow * DAY_MS + (week - 1) * 7 * DAY_MS;
      if (isoWeekOf(from).year !== year) return null;
      break;
    }
    case 'month': {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return null;
      from = cityMidnight(year, month - 1, 1);
      break;
    }
    case 'quarter':
      from = cityMidnight(year, (Number(m[2]) - 1) * 3, 1);
      break;
    case 'year':
      from = cityMidnight(year, 0, 1);
      break;
  }
  return { from, to: periodEnd(kind as Period, from) };
}

/** The period of `kind` that ended last at or before `t` (last week for a week). */
export function lastEndedPeriod(kind: AssessmentKind, t: number): TimeRange {
  const current = periodRange(kind, t);
  return periodRange(kind, current.from - 1);
}

const QUARTER_ZH = ['一', '二', '三', '四'];

/** How a period is named on screen and in briefings: 2026年第48周, 2026年11月, 2026年第四季度, 2026年. */
export function periodLabel(kind: AssessmentKind, key: string): string {
  const range = parsePeriodKey(kind, key);
  if (!range) return key;
  const { y, m } = local(range.from);
  switch (kind) {
    case 'week': {
      const { year, week } = isoWeekOf(range.from);
      return `${year}年第${week}周`;
    }
    case 'month':
      return `${y}年${m + 1}月`;
    case 'quarter':
      return `${y}年第${QUARTER_ZH[Math.floor(m / 3)]}季度`;
    case 'year':
      return `${y}年`;
  }
}

/** The short name of a period on a wall heading: 第48周, 11月, 第四季度, 2026年. */
export function periodShortLabel(kind: AssessmentKind, key: string): string {
  const full = periodLabel(kind, key);
  return kind === 'year' ? full : full.replace(/^\d{4}年/, '');
}

/** The calendar dates a period covers, e.g. 11月23日—11月29日 (the end day inclusive). */
export function periodDatesLabel(range: TimeRange): string {
  const a = local(range.from);
  const b = local(range.to - 1);
  return `${a.m + 1}月${a.d}日—${b.m + 1}月${b.d}日`;
}

/** "12月1日 02:00": when an assessment was issued, in city time. */
export function issuedAtLabel(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[1])}月${Number(m[2])}日 ${m[3]}:${m[4]}`;
}

/** One version of an issued assessment. */
export interface AssessmentVersion {
  version: number;
  /** When it was issued, ISO-8601 in city time. */
  issuedAt: string;
  /** Events it saw (stored before it was issued, with `at` before the period end). */
  events: number;
  /** Content hash (sha256, hex) of its figures, rankings and configuration. */
  hash: string;
  /** Why it was issued: null for version 1 (issued on schedule), the admin's reason for a re-issue. */
  reason: string | null;
  /** Who re-issued it (user name), null for scheduled issues. */
  issuedBy: string | null;
}

/** GET /api/assessments: one issued period (its newest version). */
export interface AssessmentHeader extends AssessmentVersion {
  kind: AssessmentKind;
  /** Period key, e.g. 2026-W48. */
  period: string;
  /** The period's name, e.g. 2026年第48周. */
  label: string;
  /** Period start, ISO-8601 in city time (inclusive). */
  from: string;
  /** Period end C, ISO-8601 in city time (exclusive): every figure is as of this instant. */
  to: string;
  /** The previous period of the same kind this one's `change` compares with, and its version. */
  previous: { period: string; version: number } | null;
}

/** GET /api/assessments/:kind/:period: the newest version's header and every version. */
export interface AssessmentDetail extends AssessmentHeader {
  /** Every version, oldest first. */
  versions: AssessmentVersion[];
  /** The configuration in force when this version was issued (weights, limits, groups). */
  config: unknown;
}

/** GET /api/assessments: issued periods, newest first. */
export interface AssessmentList {
  items: AssessmentHeader[];
}

/** Which issued assessment a figure comes from. */
export interface IssuedRef {
  kind: AssessmentKind;
  period: string;
  version: number;
  issuedAt: string;
}

/** GET /api/assessments/:kind/:period/stats: §5 metrics as issued (same shape as /api/stats). */
export interface IssuedStatsView extends StatsView {
  category: Category | null;
  assessment: IssuedRef;
  /** The same figures per category, in category order (when no category was asked for). */
  categories?: CategoryStats[];
}

/** GET /api/assessments/:kind/:period/rankings: the issued ranking (same rows as /api/rankings). */
export interface IssuedRankingView extends RankingView {
  assessment: IssuedRef;
}

/** The briefing's ranking of one tier. */
export interface BriefingTier {
  tier: RankingTier;
  ranking: RankingView;
}

/** GET /api/assessments/:kind/:period/overdue: the overdue backlog standing at the period end. */
export interface IssuedOverdueView {
  assessment: IssuedRef;
  scope: string;
  /** Open cases in the scope past their deadline at the period end. */
  totalRed: number;
  /** The most overdue of them (at most `limit`), most overdue first, as they stood at the period end. */
  items: import('./metrics').OverdueItem[];
}

/** The backlog of one responsible unit in a briefing. */
export interface BriefingBacklogRow {
  code: string;
  name: string;
  /** 在办 at the period end. */
  openNow: number;
  /** 超期 at the period end. */
  overdueNow: number;
}

/**
 * GET /api/assessments/:kind/:period/briefing?scope=: everything a briefing (通报) shows, as
 * JSON; the workbook, the PDF and the printable page are drawn from it.
 */
export interface BriefingData {
  assessment: AssessmentHeader;
  scope: { code: string; name: string; level: import('./domain').AreaLevel };
  /** Every §5 figure of the scope as issued. */
  stats: StatsView;
  /** The same per category, in category order. */
  categories: CategoryStats[];
  /** The ranking of each tier below the scope (per group where the tier has groups). */
  tiers: BriefingTier[];
  /** Backlog at the period end by responsible unit (the scope's children and departments), worst first. */
  backlog: BriefingBacklogRow[];
  /** The worst overdue cases at the period end. */
  overdue: IssuedOverdueView;
}
