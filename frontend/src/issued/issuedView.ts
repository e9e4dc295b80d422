/**
 * How an issued assessment (domain.md §8) is named on screen: its heading (第48周通报 · 已发布
 * 12月1日 02:00), the banner that tells an issued period from the live figures, what is said when
 * nothing is issued yet, and the headline figures of a 通报 with their numerators and
 * denominators. Pure, unit-tested.
 */
import {
  issuedAtLabel,
  parsePeriodKey,
  periodDatesLabel,
  periodLabel,
  periodShortLabel,
  type AssessmentHeader,
  type AssessmentKind,
  type RateMetric,
  type StatsView,
} from '@gridwall/shared';
import { FIGURE_ZH, rateDetail } from '../ui/figures';
import { formatCount, formatRate, formatRateParts, NO_VALUE } from '../utils/format';

/** What a kind's briefing is called: 周通报, 月通报, 季度通报, 年度通报. */
export const BRIEFING_ZH: Record<AssessmentKind, string> = {
  week: '周通报',
  month: '月通报',
  quarter: '季度通报',
  year: '年度通报',
};

/** The tag of an issued period (the live figures say 实时). */
export const ISSUED_TAG = '已发布';

/** Said when no period of `kind` was issued yet (never zeros in its place). */
export function noneIssuedText(kind: AssessmentKind): string {
  return `暂无已发布的${BRIEFING_ZH[kind]}`;
}

/** The briefing's short title: 第48周通报, 11月通报, 第四季度通报, 2026年通报. */
export function briefingTitle(header: Pick<AssessmentHeader, 'kind' | 'period'>): string {
  return `${periodShortLabel(header.kind, header.period)}通报`;
}

/** "已发布 12月1日 02:00". */
export function issuedText(header: Pick<AssessmentHeader, 'issuedAt'>): string {
  return `${ISSUED_TAG} ${issuedAtLabel(header.issuedAt)}`;
}

/** The wall heading: 第48周通报 · 已发布 12月1日 02:00. */
export function briefingHeading(header: Pick<AssessmentHeader, 'kind' | 'period' | 'issuedAt'>): string {
  return `${briefingTitle(header)} · ${issuedText(header)}`;
}

/** The dates a period covers, e.g. 11月23日—11月29日; empty for a malformed key. */
export function periodDates(kind: AssessmentKind, period: string): string {
  const range = parsePeriodKey(kind, period);
  return range ? periodDatesLabel(range) : '';
}

/** "第1版", or "第2版（更正）" for a re-issue. */
export function versionText(header: Pick<AssessmentHeader, 'version'>): string {
  return header.version > 1 ? `第${header.version}版（更正）` : `第${header.version}版`;
}

/** The lines of the banner of an issued period on the tablet and the district view. */
export interface IssuedBanner {
  /** 2026年第48周. */
  period: string;
  /** 11月23日—11月29日. */
  dates: string;
  /** 已发布 12月1日 02:00. */
  issued: string;
  /** 第1版. */
  version: string;
  /** The reason of a re-issue; empty for version 1. */
  reason: string;
}

/** The banner of `header`. */
export function issuedBanner(header: AssessmentHeader): IssuedBanner {
  return {
    period: periodLabel(header.kind, header.period),
    dates: periodDates(header.kind, header.period),
    issued: issuedText(header),
    version: versionText(header),
    reason: header.version > 1 && header.reason ? header.reason : '',
  };
}

/** One headline figure of a 通报. */
export interface HeadlineFigure {
  key: string;
  label: string;
  /** The figure: a count (1,234) or a rate with two decimals (93.72%); — without data. */
  value: string;
  /** A rate's parts: 结案 911 / 应结案 972; empty for a count. */
  detail: string;
  /** The same, compact: （911/972）; empty for a count. */
  parts: string;
  tone: 'count' | 'lead' | 'plain' | 'alarm';
}

const HEADLINE_RATES: [RateMetric, HeadlineFigure['tone']][] = [
  ['closeRate', 'lead'],
  ['onTimeRate', 'lead'],
  ['extendedRate', 'plain'],
  ['satisfactionRate', 'plain'],
];

/**
 * The headline figures of a 通报 (domain.md §8): 立案, 应结案, 结案, 结案率, 按期结案率, 延期率,
 * 满意率, and the overdue backlog standing at the period end.
 */
export function headlineFigures(stats: StatsView | null): HeadlineFigure[] {
  const count = (key: 'accepted' | 'due' | 'resolved', label: string): HeadlineFigure => ({
    key,
    label,
    value: formatCount(stats ? stats[key] : null),
    detail: '',
    parts: '',
    tone: 'count',
  });
  const rates = HEADLINE_RATES.map<HeadlineFigure>(([key, tone]) => {
    const rate = stats?.[key] ?? null;
    return {
      key,
      label: FIGURE_ZH[key],
      value: formatRate(rate, 2),
      detail: rateDetail(key, rate),
      parts: formatRateParts(rate),
      tone,
    };
  });
  const overdue = stats ? stats.overdueNow : null;
  return [
    count('accepted', '立案'),
    count('due', '应结案'),
    count('resolved', '结案'),
    ...rates,
    {
      key: 'overdueNow',
      label: '期末超期',
      value: overdue === null ? NO_VALUE : formatCount(overdue),
      detail: '',
      parts: '',
      tone: overdue ? 'alarm' : 'count',
    },
  ];
}
