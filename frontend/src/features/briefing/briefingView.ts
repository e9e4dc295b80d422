/**
 * The printable briefing (通报) of an issued assessment, as pure functions of BriefingData: its
 * title and particulars, the headline figures with the cases behind every rate, the figures by
 * category, each tier's ranking group by group, the backlog by responsible unit and the worst
 * overdue cases at the period end. Unit-tested without a DOM.
 */
import { ASSESSMENT_KIND_ZH, CATEGORY_ZH, issuedAtLabel, isAssessmentKind, TIER_ZH } from '@gridwall/shared';
import type { AssessmentKind, BriefingData, CategoryStats, MetricSet, RankingTier } from '@gridwall/shared';
import { periodDates, versionText } from '../../issued/issuedView';
import { FIGURE_ZH, rateDetail } from '../../ui/figures';
import { formatCount, formatRate } from '../../utils/format';
import { formatHours, responsibleUnit } from '../../widgets/OverdueList/countdown';
import { rankingBlocks, type RankingBlock } from '../../widgets/RankingTable/rankingRows';

/** What `/briefing?kind=&period=&scope=` asks for; null when kind or period is missing or malformed. */
export function briefingQuery(search: string): { kind: AssessmentKind; period: string; scope: string | null } | null {
  const q = new URLSearchParams(search);
  const kind = q.get('kind')?.trim();
  const period = q.get('period')?.trim();
  const scope = q.get('scope')?.trim() || null;
  if (!isAssessmentKind(kind) || !period || !/^[0-9A-Za-z-]{4,10}$/.test(period)) return null;
  if (scope !== null && !/^\d{6,15}$/.test(scope)) return null;
  return { kind, period, scope };
}

/** The document's title and particulars. */
export interface BriefingHead {
  /** 郑州市网格化管理周评比通报. */
  title: string;
  /** 2026年第48周（11月23日—11月29日）. */
  period: string;
  /** 发布 12月1日 02:00 · 第1版 · 依据事件 12,345 条 · 校验码 ab12cd34. */
  particulars: string;
  /** The reason of a re-issue; empty for version 1. */
  correction: string;
}

/** The head of `data`. */
export function briefingHead(data: BriefingData): BriefingHead {
  const a = data.assessment;
  return {
    title: `${data.scope.name}网格化管理${ASSESSMENT_KIND_ZH[a.kind]}通报`,
    period: `${a.label}（${periodDates(a.kind, a.period)}）`,
    particulars: [
      `发布 ${issuedAtLabel(a.issuedAt)}`,
      versionText(a),
      `数据截至 ${issuedAtLabel(a.to)}`,
      `依据事件 ${formatCount(a.events)} 条`,
      `校验码 ${a.hash.slice(0, 12)}`,
    ].join(' · '),
    correction: a.version > 1 && a.reason ? a.reason : '',
  };
}

/** One line of the headline figures. */
export interface FigureRow {
  key: string;
  label: string;
  value: string;
  /** The cases behind a rate: 结案 911 / 应结案 972; empty for a count. */
  detail: string;
}

/** 立案, 应结案, 结案, 结案率, 按期结案率, 返工率, 延期率, 满意率, 期末超期, then 办结进度 (domain.md §8). */
export function headlineRows(stats: MetricSet): FigureRow[] {
  const count = (key: 'accepted' | 'due' | 'resolved' | 'overdueNow', label: string): FigureRow => ({
    key,
    label,
    value: formatCount(stats[key]),
    detail: '',
  });
  const rate = (
    key: 'closeRate' | 'onTimeRate' | 'reworkRate' | 'extendedRate' | 'satisfactionRate' | 'resolutionRate',
  ): FigureRow => ({
    key,
    label: FIGURE_ZH[key],
    value: formatRate(stats[key], 2),
    detail: rateDetail(key, stats[key]),
  });
  return [
    count('accepted', '立案数'),
    count('due', '应结案数'),
    count('resolved', '结案数'),
    rate('closeRate'),
    rate('onTimeRate'),
    rate('reworkRate'),
    rate('extendedRate'),
    rate('satisfactionRate'),
    count('overdueNow', '期末超期数'),
    rate('resolutionRate'),
  ];
}

/** One category line. */
export interface CategoryRow {
  category: string;
  accepted: string;
  due: string;
  resolved: string;
  closeRate: string;
  onTimeRate: string;
  satisfactionRate: string;
  overdueNow: string;
}

/** The figures per category, in the server's (category) order. */
export function categoryRows(categories: readonly CategoryStats[]): CategoryRow[] {
  return categories.map((c) => ({
    category: CATEGORY_ZH[c.category] ?? c.category,
    accepted: formatCount(c.accepted),
    due: formatCount(c.due),
    resolved: formatCount(c.resolved),
    closeRate: formatRate(c.closeRate, 2),
    onTimeRate: formatRate(c.onTimeRate, 2),
    satisfactionRate: formatRate(c.satisfactionRate, 2),
    overdueNow: formatCount(c.overdueNow),
  }));
}

/** One tier's ranking in the briefing. */
export interface TierSection {
  tier: RankingTier;
  /** 县（市、区）考核排名. */
  title: string;
  blocks: RankingBlock[];
}

/** Each tier's ranking, group by group; a tier with no rows is left out. */
export function tierSections(data: BriefingData): TierSection[] {
  const noPrevious = data.assessment.previous === null;
  return data.tiers
    .map((t) => ({
      tier: t.tier,
      title: `${TIER_ZH[t.tier]}考核排名`,
      blocks: rankingBlocks(t.ranking, { noPrevious }),
    }))
    .filter((s) => s.blocks.length > 0);
}

/** One overdue case at the period end. */
export interface OverdueRow {
  caseId: string;
  title: string;
  category: string;
  place: string;
  unit: string;
  overdue: string;
}

/** The worst overdue cases, most overdue first. */
export function overdueRows(data: BriefingData): OverdueRow[] {
  return data.overdue.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category] ?? item.category,
    place: item.areaPath.map((a) => a.name).join(' / '),
    unit: responsibleUnit(item).name,
    overdue: formatHours(item.overdueHours),
  }));
}

/** The section numbers of a Chinese document. */
export const SECTION_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
