/**
 * The REST paths of issued assessments (api.md §4): the list of a kind, one period's stats,
 * rankings, overdue backlog and briefing (JSON, workbook, PDF), and a unit's issued rank
 * history. Pure; every path is built here so no page spells a query string by hand.
 */
import type { AssessmentKind, RankingTier } from '@gridwall/shared';

/** Which issued period (and which version of it; none: the newest). */
export interface IssuedPeriodRef {
  kind: AssessmentKind;
  /** Period key, e.g. 2026-W48. */
  period: string;
  version?: number;
}

/** A query string of the defined values, in the given order. */
function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

function base(ref: IssuedPeriodRef): string {
  return `/api/assessments/${ref.kind}/${encodeURIComponent(ref.period)}`;
}

/** GET /api/assessments?kind=&limit=: issued periods of `kind`, newest first. */
export function assessmentListPath(kind: AssessmentKind, limit: number): string {
  return `/api/assessments${query({ kind, limit })}`;
}

/** GET /api/assessments/:kind/:period: the newest version's header and every version. */
export function assessmentPath(ref: IssuedPeriodRef): string {
  return base(ref);
}

/** GET …/stats?scope=: the §5 figures of `scope` as issued (with `categories`). */
export function issuedStatsPath(ref: IssuedPeriodRef, scope: string): string {
  return `${base(ref)}/stats${query({ scope, version: ref.version })}`;
}

/** GET …/rankings?tier=&scope=: the issued ranking of `tier` within `scope`, group by group. */
export function issuedRankingsPath(ref: IssuedPeriodRef, tier: RankingTier, scope: string): string {
  return `${base(ref)}/rankings${query({ tier, scope, version: ref.version })}`;
}

/** GET …/overdue?scope=&limit=: the overdue backlog of `scope` at the period end. */
export function issuedOverduePath(ref: IssuedPeriodRef, scope: string, limit: number): string {
  return `${base(ref)}/overdue${query({ scope, limit })}`;
}

/** GET …/briefing?scope=: everything the briefing (通报) of `scope` shows, as JSON. */
export function briefingDataPath(ref: IssuedPeriodRef, scope: string): string {
  return `${base(ref)}/briefing${query({ scope })}`;
}

/** Formats the briefing is downloaded in. */
export type BriefingFormat = 'pdf' | 'xlsx';

/** GET …/briefing.pdf|xlsx?scope=: the briefing as a file (Content-Disposition attachment). */
export function briefingFilePath(ref: IssuedPeriodRef, scope: string, format: BriefingFormat): string {
  return `${base(ref)}/briefing.${format}${query({ scope })}`;
}

/** The printable page of a briefing: /briefing?kind=&period=&scope=. */
export function briefingPagePath(ref: IssuedPeriodRef, scope: string): string {
  return `/briefing${query({ kind: ref.kind, period: ref.period, scope })}`;
}

/** Kinds of issued rank history the district view offers. */
export const HISTORY_KINDS = ['week', 'month', 'quarter'] as const;
/** One of them. */
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** GET /api/rankings/history: `code`'s rank in the issued `kind` assessments of `tier` within `scope`. */
export function rankHistoryPath(
  where: { tier: RankingTier; scope: string; code: string },
  kind: HistoryKind,
  limit: number,
): string {
  return `/api/rankings/history${query({ tier: where.tier, scope: where.scope, code: where.code, kind, limit })}`;
}
