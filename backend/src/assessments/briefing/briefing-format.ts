/**
 * What the briefing (通报) renderers share: its title and issue line, the figures it shows and
 * how they read (rates, changes, ranks, flags, areas, handlers), so the workbook and the PDF say
 * the same things in the same words.
 */
import {
  AREA_LEVEL_ZH,
  CATEGORY_ZH,
  CITY_UTC_OFFSET_MS,
  FLAG_ZH,
  HANDLER_LEVEL_ZH,
  OTHER_GROUP,
  TIER_ZH,
  parseIsoWithOffset,
  type BriefingData,
  type CategoryStats,
  type CountMetric,
  type MetricSet,
  type OverdueItem,
  type RankingFlag,
  type RankingRow,
  type RankingTier,
  type RankingView,
  type Rate,
  type RateMetric,
} from '@gridwall/shared';

/** "郑州市2026年11月网格化管理工作通报". */
export function briefingTitle(data: BriefingData): string {
  return `${data.scope.name}${data.assessment.label}网格化管理工作通报`;
}

/** City-calendar parts of an ISO-8601 instant (null when it does not parse). */
function cityParts(iso: string): { y: number; mo: number; d: number; h: number; mi: number } | null {
  const t = parseIsoWithOffset(iso);
  if (t === null) return null;
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  return {
    y: l.getUTCFullYear(),
    mo: l.getUTCMonth() + 1,
    d: l.getUTCDate(),
    h: l.getUTCHours(),
    mi: l.getUTCMinutes(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2026年12月1日 02:00" in city time (the text itself when it is no ISO instant). */
export function dateTimeZh(iso: string): string {
  const p = cityParts(iso);
  return p ? `${p.y}年${p.mo}月${p.d}日 ${pad2(p.h)}:${pad2(p.mi)}` : iso;
}

/** "2026年12月1日" in city time. */
export function dateZh(iso: string): string {
  const p = cityParts(iso);
  return p ? `${p.y}年${p.mo}月${p.d}日` : iso;
}

/** "11月20日 18:00" in city time, for deadlines within a briefing. */
export function shortDateTimeZh(iso: string): string {
  const p = cityParts(iso);
  return p ? `${p.mo}月${p.d}日 ${pad2(p.h)}:${pad2(p.mi)}` : iso;
}

/** "2026-11-20 18:00" in city time, for workbook cells. */
export function dateTimeCell(iso: string): string {
  const p = cityParts(iso);
  return p ? `${p.y}-${pad2(p.mo)}-${pad2(p.d)} ${pad2(p.h)}:${pad2(p.mi)}` : iso;
}

/**
 * The calendar days the period covers, end day inclusive: "2026年11月1日—11月30日"
 * ("2026年12月28日—2027年1月3日" across a new year).
 */
export function periodDatesZh(data: BriefingData): string {
  const from = parseIsoWithOffset(data.assessment.from);
  const to = parseIsoWithOffset(data.assessment.to);
  if (from === null || to === null) return `${data.assessment.from}—${data.assessment.to}`;
  const a = new Date(from + CITY_UTC_OFFSET_MS);
  const b = new Date(to - 1 + CITY_UTC_OFFSET_MS);
  const start = `${a.getUTCFullYear()}年${a.getUTCMonth() + 1}月${a.getUTCDate()}日`;
  const endYear = b.getUTCFullYear() === a.getUTCFullYear() ? '' : `${b.getUTCFullYear()}年`;
  return `${start}—${endYear}${b.getUTCMonth() + 1}月${b.getUTCDate()}日`;
}

/** "统计期间：2026年11月1日—11月30日". */
export function periodLine(data: BriefingData): string {
  return `统计期间：${periodDatesZh(data)}`;
}

/** "发布：2026年12月1日 02:00 · 第1版 · 事件数 12345 · 校验码 3fa9c2e01b7d". */
export function issueLine(data: BriefingData): string {
  const a = data.assessment;
  return `发布：${dateTimeZh(a.issuedAt)} · 第${a.version}版 · 事件数 ${a.events} · 校验码 ${a.hash.slice(0, 12)}`;
}

/** For a re-issued version: "本版为重新发布（原因：…；发布人：…）"; null for a scheduled issue. */
export function reissueLine(data: BriefingData): string | null {
  const a = data.assessment;
  if (a.version <= 1 && !a.reason) return null;
  const parts = [a.reason ? `原因：${a.reason}` : null, a.issuedBy ? `发布人：${a.issuedBy}` : null].filter(Boolean);
  return parts.length ? `本版为重新发布（${parts.join('；')}）` : '本版为重新发布';
}

/** "93.72%", or "—" when the rate has no denominator. */
export function pct(rate: Rate): string {
  return rate.value === null ? '—' : `${(rate.value * 100).toFixed(2)}%`;
}

/** "911/972". */
export function fraction(rate: Rate): string {
  return `${rate.numerator}/${rate.denominator}`;
}

/** The headline figures, in the order the briefing shows them. */
export const FIGURES = [
  { label: '立案', kind: 'count', key: 'accepted' },
  { label: '应结案', kind: 'count', key: 'due' },
  { label: '结案', kind: 'count', key: 'resolved' },
  { label: '结案率', kind: 'rate', key: 'closeRate', basis: '结案数／应结案数' },
  { label: '按期结案率', kind: 'rate', key: 'onTimeRate', basis: '按期结案数／应结案数' },
  { label: '满意率', kind: 'rate', key: 'satisfactionRate', basis: '满意（含基本满意）数／评价数' },
  { label: '返工率', kind: 'rate', key: 'reworkRate', basis: '返工案件数／结案数' },
  { label: '延期率', kind: 'rate', key: 'extendedRate', basis: '延期案件数／立案数' },
  { label: '办结率（进度）', kind: 'rate', key: 'resolutionRate', basis: '结案数／立案数（进度指标，不作考核）' },
] as const satisfies readonly (
  { label: string; kind: 'count'; key: CountMetric } | { label: string; kind: 'rate'; key: RateMetric; basis: string }
)[];

/** One headline figure of a scope or category: a count or a rate. */
export type Figure =
  { label: string; kind: 'count'; count: number } | { label: string; kind: 'rate'; rate: Rate; basis: string };

/** The headline figures of a scope or category. */
export function headlineFigures(m: MetricSet): Figure[] {
  return FIGURES.map((f) =>
    f.kind === 'count'
      ? { label: f.label, kind: 'count', count: m[f.key] }
      : { label: f.label, kind: 'rate', rate: m[f.key], basis: f.basis },
  );
}

/** A category's name, "城市管理". */
export function categoryName(c: CategoryStats): string {
  return CATEGORY_ZH[c.category] ?? c.category;
}

/** Chinese name of a tier (县（市、区）, 乡镇（街道）, 村（社区）, 职能部门). */
export function tierName(tier: RankingTier): string {
  return TIER_ZH[tier] ?? tier;
}

/** The heading of the `localRate` column: departments are scored on 1 − 返工率 instead. */
export function localRateLabel(tier: RankingTier): string {
  return tier === 'department' ? '一次办结率（1−返工率）' : '属地化解率';
}

/** The rows of one ranking group under its heading (`name` null when the tier has no groups). */
export interface RankingSection {
  key: string | null;
  name: string | null;
  rows: RankingRow[];
}

/**
 * A ranking split by its groups, in the order of `ranking.groups`; rows of a group the view
 * does not list come last under their key (其他 for `other`). Groups without rows are left out.
 */
export function rankingSections(ranking: RankingView): RankingSection[] {
  if (!ranking.groups || ranking.groups.length === 0) return [{ key: null, name: null, rows: ranking.rows }];
  const sections = new Map<string, RankingSection>();
  for (const g of ranking.groups) sections.set(g.key, { key: g.key, name: g.name, rows: [] });
  for (const row of ranking.rows) {
    const key = row.group ?? OTHER_GROUP.key;
    let section = sections.get(key);
    if (!section) {
      section = { key, name: key === OTHER_GROUP.key ? OTHER_GROUP.name : key, rows: [] };
      sections.set(key, section);
    }
    section.rows.push(row);
  }
  return [...sections.values()].filter((s) => s.rows.length > 0);
}

/** The 名次 cell: the rank, or 样本不足 for an unranked unit. */
export function rankLabel(row: RankingRow): string {
  return row.rank === null ? '样本不足' : String(row.rank);
}

/** The flags a row shows: none for 样本不足 rows. */
export function rowFlags(row: RankingRow): RankingFlag[] {
  return row.rank === null ? [] : row.flags;
}

/** "红牌、末位" ("" without flags). */
export function flagsLabel(row: RankingRow): string {
  return rowFlags(row)
    .map((f) => FLAG_ZH[f])
    .join('、');
}

/** 较上期: "↑2" (moved up), "↓3" (down), "—" (unchanged or not ranked then). */
export function changeLabel(change: number | null): string {
  if (change === null || change === 0) return '—';
  return change > 0 ? `↑${change}` : `↓${-change}`;
}

/** "86.21", or "—" for an unranked unit. */
export function scoreLabel(score: number | null): string {
  return score === null ? '—' : score.toFixed(2);
}

/** "金水区·花园路街道·纬五路社区". */
export function areaPathLabel(item: OverdueItem): string {
  return item.areaPath.map((a) => a.name).join('·');
}

/** Area levels of `areaPath`, from the district down. */
const PATH_LEVELS = ['district', 'township', 'village', 'cell'] as const;

/** Who handles an overdue case: the department, else the area unit at the handler's level. */
export function handlerLabel(item: OverdueItem): string {
  const h = item.handler;
  if (h.departmentName) return h.departmentName;
  const idx = (PATH_LEVELS as readonly string[]).indexOf(h.level);
  const node = idx >= 0 ? item.areaPath[idx] : undefined;
  if (node) return node.name;
  return HANDLER_LEVEL_ZH[h.level] ?? h.level;
}

/** "52.5" hours past the deadline. */
export function overdueHoursLabel(hours: number): string {
  return (Math.round(hours * 10) / 10).toFixed(1);
}

/** 一、二、… for section numbers. */
export function chineseOrdinal(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n <= 10) return n === 10 ? '十' : digits[n];
  if (n < 20) return `十${digits[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${digits[tens]}十${ones ? digits[ones] : ''}`;
}

/** The scope as the text names it ("全市", "全区" …). */
export function scopeShortName(data: BriefingData): string {
  switch (data.scope.level) {
    case 'city':
      return '全市';
    case 'district':
      return '全区';
    case 'township':
      return '全乡镇（街道）';
    default:
      return AREA_LEVEL_ZH[data.scope.level] ?? data.scope.name;
  }
}

/** The legend under a ranking. */
export function rankingNote(tier: RankingTier): string {
  const local = tier === 'department' ? '一次办结率为 1−返工率；' : '属地化解率为在乡镇（街道）及以下化解的结案占比；';
  return (
    `注：${local}红牌为得分低于 60 分，黄牌为得分 60 分至 80 分，末位为组内排名最后；` +
    '样本不足为应结案数未达最低样本数，不参与排名；较上期 ↑ 为名次上升，↓ 为下降，— 为持平或上期未排名。'
  );
}
