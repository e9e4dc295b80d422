/**
 * What the district head's view shows, as pure functions: which ranking a unit stands in, its
 * score taken apart (domain.md §6), and its open overdue and near-due cases.
 */
import { CATEGORY_ZH } from '@gridwall/shared';
import type { OverdueItem, RankingRow, RankingTier, Rate } from '@gridwall/shared';
import { formatCount, formatRate, NO_VALUE } from '../../utils/format';

/** The ranking a unit is ranked in: its tier within its parent. */
export interface UnitRanking {
  tier: RankingTier;
  /** Scope of that ranking (the parent node). */
  scope: string;
}

/**
 * The ranking of the unit `code` (codes nest: 410102 a district of 410100, 410102001 a township
 * of 410102); null for a code that is neither a district nor a township.
 */
export function unitRankingOf(code: string, cityCode: string): UnitRanking | null {
  if (/^\d{6}$/.test(code) && code !== cityCode) return { tier: 'district', scope: cityCode };
  if (/^\d{9}$/.test(code)) return { tier: 'township', scope: code.slice(0, 6) };
  return null;
}

/** The unit a page shows: `?unit=` when given, else the signed-in district head's district. */
export function unitOf(search: string, districtCode: string | null): string | null {
  const asked = new URLSearchParams(search).get('unit')?.trim();
  if (asked && /^\d{6}(\d{3})?$/.test(asked)) return asked;
  return districtCode;
}

/** Default weights of the score (domain.md §6); the configured ones may differ. */
export const DEFAULT_WEIGHTS = {
  resolutionRate: 0.3,
  onTimeRate: 0.3,
  localRate: 0.2,
  satisfactionRate: 0.2,
} as const;

/** Most points the overdue backlog takes off (domain.md §6 default). */
export const DEFAULT_DEDUCTION_CAP = 10;

/** One line of the score's make-up. */
export interface ScorePart {
  key: string;
  label: string;
  /** The rate ("87.5%") or count shown. */
  value: string;
  /** Numerator / denominator. */
  detail: string;
  /** Points, signed, two decimals ("+26.25", "−3.00"); "—" when not counted. */
  points: string;
  kind: 'part' | 'deduction' | 'bonus';
}

const PART_ZH: Record<keyof typeof DEFAULT_WEIGHTS, string> = {
  resolutionRate: '办结率',
  onTimeRate: '按期办结率',
  localRate: '属地化解率',
  satisfactionRate: '满意率',
};

function signed(points: number, negative = points < 0): string {
  const abs = Math.abs(points).toFixed(2);
  return negative ? `−${abs}` : `+${abs}`;
}

/**
 * The row's score taken apart with the default weights: each rate's points (null rates drop
 * out and the others are scaled back to 100), the overdue deduction, and whatever remains of
 * the server's score as 核加 (a bonus, or configured weights that differ from the defaults).
 */
export function scoreParts(row: RankingRow): ScorePart[] {
  const keys = Object.keys(DEFAULT_WEIGHTS) as (keyof typeof DEFAULT_WEIGHTS)[];
  const present = keys.filter((k) => row[k].value !== null);
  const weightSum = present.reduce((s, k) => s + DEFAULT_WEIGHTS[k], 0);
  let total = 0;
  const parts: ScorePart[] = keys.map((k) => {
    const rate: Rate = row[k];
    const counted = rate.value !== null && weightSum > 0;
    const points = counted ? (100 * DEFAULT_WEIGHTS[k] * (rate.value as number)) / weightSum : 0;
    total += points;
    return {
      key: k,
      label: `${PART_ZH[k]}（权重 ${Math.round(DEFAULT_WEIGHTS[k] * 100)}%）`,
      value: formatRate(rate),
      detail: `${formatCount(rate.numerator)} / ${formatCount(rate.denominator)}`,
      points: counted ? signed(points) : NO_VALUE,
      kind: 'part',
    };
  });
  const deduction = Math.min(DEFAULT_DEDUCTION_CAP, (100 * row.overdueNow) / Math.max(1, row.accepted));
  total -= deduction;
  parts.push({
    key: 'overdue',
    label: `超期核减（上限 ${DEFAULT_DEDUCTION_CAP} 分）`,
    value: `${formatCount(row.overdueNow)} 件超期`,
    detail: `立案 ${formatCount(row.accepted)} 件`,
    points: signed(-deduction, true),
    kind: 'deduction',
  });
  if (row.score !== null) {
    const rest = Math.round((row.score - total) * 100) / 100;
    if (Math.abs(rest) >= 0.01)
      parts.push({ key: 'bonus', label: '核加及配置调整', value: '', detail: '', points: signed(rest), kind: 'bonus' });
  }
  return parts;
}

/** The rank line: "第 3 名 / 共 12 个", or 样本不足. */
export function rankText(row: RankingRow | null, ranked: number): string {
  if (!row) return NO_VALUE;
  if (row.rank === null) return '样本不足';
  return `第 ${row.rank} 名 / 共 ${ranked} 个`;
}

/** Overdue (red) first, then near-due (yellow), each most overdue first (the server's order). */
export function overdueSplit(items: readonly OverdueItem[]): { red: OverdueItem[]; yellow: OverdueItem[] } {
  return { red: items.filter((i) => i.state === 'red'), yellow: items.filter((i) => i.state === 'yellow') };
}

/** Weeks of rank history the view shows. */
export const HISTORY_WEEKS = 12;

/** The REST path of the weekly rank history of `code` in `ranking`; null without either. */
export function historyPath(ranking: UnitRanking | null, code: string | null): string | null {
  if (!ranking || !code) return null;
  return `/api/rankings/history?tier=${ranking.tier}&scope=${ranking.scope}&code=${code}&weeks=${HISTORY_WEEKS}`;
}

/** The second line of an overdue case: category · place. */
export function overdueText(item: OverdueItem): string {
  return `${CATEGORY_ZH[item.category]} · ${item.areaPath.map((a) => a.name).join(' / ')}`;
}
