/**
 * What the district head's view shows, as pure functions: which ranking a unit stands in, its
 * rank in the issued assessments (its group and the group's size each period), a period's
 * score taken apart as issued (domain.md §6), and its open overdue and near-due cases.
 */
import { CATEGORY_ZH, OTHER_GROUP, periodLabel } from '@gridwall/shared';
import type {
  OverdueItem,
  RankHistoryPoint,
  RankHistoryView,
  RankingFlag,
  RankingGroupInfo,
  RankingRow,
  RankingTier,
  RateMetric,
  ScoreBreakdown,
} from '@gridwall/shared';
import type { HistoryKind } from '../../issued/issuedPaths';
import { placePath } from '../../ui/caseView';
import { FIGURE_ZH } from '../../ui/figures';
import { formatCount, formatPoints, NO_VALUE } from '../../utils/format';
import { changeOf, type ChangeDirection } from '../../widgets/RankingTable/rankingRows';

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

/** A unit's live rank line: "第 3 名 / 城区组 6 个", "第 3 名 / 共 12 个", or 样本不足. */
export function rankText(row: RankingRow | null, ranked: number, groupName = ''): string {
  if (!row) return NO_VALUE;
  if (row.rank === null) return '样本不足';
  return groupName ? `第 ${row.rank} 名 / ${groupName} ${ranked} 个` : `第 ${row.rank} 名 / 共 ${ranked} 个`;
}

/** Units ranked in the same list as `row` (its group, or the whole tier without groups). */
export function rankedWith(rows: readonly RankingRow[], row: RankingRow | null): number {
  if (!row) return 0;
  return rows.filter((r) => r.rank !== null && (r.group ?? '') === (row.group ?? '')).length;
}

/** The heading of a group key: its name in `groups`, 其他 for `other`, else empty (no groups). */
export function groupNameOf(key: string | undefined, groups: readonly RankingGroupInfo[] | undefined): string {
  if (!key) return '';
  const found = groups?.find((g) => g.key === key);
  if (found) return found.name;
  return key === OTHER_GROUP.key ? OTHER_GROUP.name : '本组';
}

/** Overdue (red) first, then near-due (yellow), each most overdue first (the server's order). */
export function overdueSplit(items: readonly OverdueItem[]): { red: OverdueItem[]; yellow: OverdueItem[] } {
  return { red: items.filter((i) => i.state === 'red'), yellow: items.filter((i) => i.state === 'yellow') };
}

/** Issued periods of rank history the view shows. */
export const HISTORY_LIMIT = 12;

/** Chinese names of the history kinds (the selector). */
export const HISTORY_KIND_ZH: Record<HistoryKind, string> = { week: '周', month: '月', quarter: '季' };

/** One issued period of the unit's history, as listed. */
export interface HistoryLine {
  period: string;
  /** 2026年第48周. */
  label: string;
  /** 第 2 名 / 城区组 6 个, or 样本不足. */
  rankText: string;
  /** 86.50, or —. */
  scoreText: string;
  change: { direction: ChangeDirection; text: string };
  flags: RankingFlag[];
}

/** The issued periods of `view`, newest first (the chart runs oldest to newest). */
export function historyLines(view: RankHistoryView | null, groups?: readonly RankingGroupInfo[]): HistoryLine[] {
  if (!view) return [];
  return [...view.points].reverse().map((p) => {
    const group = groupNameOf(p.group, groups);
    return {
      period: p.period,
      label: periodLabel(view.kind, p.period),
      rankText:
        p.rank === null
          ? `样本不足（应结案 ${formatCount(p.breakdown.due)} 件）`
          : group
            ? `第 ${p.rank} 名 / ${group} ${p.ranked} 个`
            : `第 ${p.rank} 名 / 共 ${p.ranked} 个`,
      scoreText: p.score === null ? NO_VALUE : p.score.toFixed(2),
      change: changeOf(p.change, p.rank !== null),
      flags: p.flags,
    };
  });
}

/** The point of `view` for `period`, else its newest; null without points. */
export function pointOf(view: RankHistoryView | null, period: string | null): RankHistoryPoint | null {
  const points = view?.points ?? [];
  return points.find((p) => p.period === period) ?? points.at(-1) ?? null;
}

/** One line of a score taken apart. */
export interface BreakdownLine {
  key: string;
  label: string;
  /** 30%, or 30%（实际 37.5%） when null rates moved the weights. */
  weight: string;
  /** The rate as scored: 93.72%, or —（不计）. */
  value: string;
  /** +28.12, −1.57; — for a rate that does not count. */
  points: string;
  kind: 'part' | 'deduction' | 'bonus' | 'total';
}

const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits).replace(/\.0+$/, '')}%`;

/** What a weighted part is called; departments score 1 − 返工率 in place of 属地化解率. */
function partLabel(metric: RateMetric, tier: RankingTier): string {
  if (metric === 'reworkRate' || (metric === 'localRate' && tier === 'department')) return '无返工率（1 − 返工率）';
  if (metric === 'extendedRate') return '未延期率（1 − 延期率）';
  if (metric === 'resolutionRate') return '办结率（进度）';
  return FIGURE_ZH[metric];
}

/**
 * A period's score taken apart as it was issued: each weighted rate (weight in force, value,
 * points), 核减 for the overdue backlog, 核加, and the total.
 */
export function breakdownLines(b: ScoreBreakdown, tier: RankingTier): BreakdownLine[] {
  const parts = b.parts
    .filter((p) => p.weight > 0)
    .map<BreakdownLine>((p) => {
      const moved = p.value !== null && Math.abs(p.effectiveWeight - p.weight) > 1e-9;
      return {
        key: p.metric,
        label: partLabel(p.metric, tier),
        weight: moved ? `${percent(p.weight)}（实际 ${percent(p.effectiveWeight, 1)}）` : percent(p.weight),
        value: p.value === null ? `${NO_VALUE}（不计）` : `${(p.value * 100).toFixed(2)}%`,
        points: p.value === null ? NO_VALUE : formatPoints(p.points),
        kind: 'part',
      };
    });
  return [
    ...parts,
    {
      key: 'deduction',
      label: `核减：超期积压（上限 ${b.deductionCap} 分）`,
      weight: '',
      value: '',
      points: formatPoints(-b.deduction),
      kind: 'deduction',
    },
    { key: 'bonus', label: '核加', weight: '', value: '', points: formatPoints(b.bonus), kind: 'bonus' },
    {
      key: 'total',
      label: '综合得分',
      weight: '',
      value: '',
      points: b.score === null ? `样本不足（应结案 ${b.due} 件，需 ≥ ${b.minCases} 件）` : b.score.toFixed(2),
      kind: 'total',
    },
  ];
}

/** The second line of an overdue case: category · place. */
export function overdueText(item: OverdueItem): string {
  return `${CATEGORY_ZH[item.category]} · ${placePath(item.areaPath)}`;
}
