/**
 * The §5 figures of a scope as tiles (counts, rates with numerator and denominator, mean
 * handling time): the meeting tablet, the district view and the wall's presented unit alike. Pure.
 *
 * The vocabulary is the one cities publish in their 通报 (domain.md §5 "Which rate leads"):
 * 结案率 = 结案 / 应结案 and 按期结案率 = 按期结案 / 应结案 lead; the resolved count is called
 * 结案 everywhere (it is the numerator of 结案率), so 办结率 = 结案 / 立案 is shown as the
 * cohort's progress (办结进度), never as a grade.
 */
import { METRIC_ZH } from '@gridwall/shared';
import type { CountMetric, MetricKey, Rate, RateMetric, StatsView } from '@gridwall/shared';
import { formatCount, formatRate, NO_VALUE } from '../utils/format';

/** The screen names of the metrics (METRIC_ZH, with the resolved count and the progress rate named as above). */
export const FIGURE_ZH: Record<MetricKey, string> = {
  ...METRIC_ZH,
  resolved: '结案数',
  resolutionRate: '办结进度',
};

/** Short names of a rate's numerator and denominator (结案 / 应结案). */
export const RATE_PARTS_ZH: Record<RateMetric, [string, string]> = {
  closeRate: ['结案', '应结案'],
  onTimeRate: ['按期结案', '应结案'],
  resolutionRate: ['结案', '立案'],
  localRate: ['属地化解', '结案'],
  gridRate: ['网格内化解', '结案'],
  reworkRate: ['返工', '结案'],
  satisfactionRate: ['满意', '评价'],
  patrolShare: ['主动发现', '上报'],
  extendedRate: ['延期', '立案'],
};

/** A rate's parts in words: 结案 911 / 应结案 972. */
export function rateDetail(key: RateMetric, rate: Rate | null | undefined): string {
  if (!rate) return '';
  const [num, den] = RATE_PARTS_ZH[key];
  return `${num} ${formatCount(rate.numerator)} / ${den} ${formatCount(rate.denominator)}`;
}

/** One figure tile. */
export interface Figure {
  key: string;
  label: string;
  /** Value as shown. */
  value: string;
  /** Numerator/denominator of a rate ("结案 12 / 应结案 15"), the sample of a mean; empty for counts. */
  detail: string;
  /**
   * Colour hint: `lead` for the two rates cities assess on, `progress` for 办结进度 (never an
   * alarm colour: it is low early in a period by nature).
   */
  tone: 'plain' | 'alarm' | 'warn' | 'good' | 'lead' | 'progress';
}

/** Options of {@link figures}. */
export interface FigureOptions {
  /**
   * The figures are an issued period's (as of its end): the standing counts read 期末在办,
   * 期末超期 … instead of 在办数, 超期数.
   * @default false
   */
  issued?: boolean;
}

const LEAD_RATES: RateMetric[] = ['closeRate', 'onTimeRate'];
const CASE_COUNTS: CountMetric[] = ['accepted', 'due', 'resolved', 'onTime', 'reported'];
const STANDING: CountMetric[] = ['openNow', 'overdueNow', 'nearDueNow', 'jointMeetingNow'];
const OTHER_RATES: RateMetric[] = [
  'extendedRate',
  'localRate',
  'gridRate',
  'satisfactionRate',
  'reworkRate',
  'patrolShare',
];

const STANDING_ISSUED_ZH: Partial<Record<CountMetric, string>> = {
  openNow: '期末在办',
  overdueNow: '期末超期',
  nearDueNow: '期末临期',
  jointMeetingNow: '期末联席待议',
};

/**
 * Whether a figure is a standing count (在办、超期、临期、联席待议 at the moment shown), as
 * opposed to one of the period (立案、结案、rates …): the tablet shows the two apart, so nobody
 * reads a count of now as the week's.
 */
export function isStandingFigure(key: string): boolean {
  return (STANDING as string[]).includes(key);
}

/** The §5 figures of a scope: the two leading rates, the counts, progress, the other rates, mean handling time. */
export function figures(stats: StatsView | null, options: FigureOptions = {}): Figure[] {
  const rateFigure = (key: RateMetric, tone: Figure['tone']): Figure => {
    const rate = stats?.[key];
    return {
      key,
      label: FIGURE_ZH[key],
      value: formatRate(rate, 2),
      detail: rateDetail(key, rate),
      tone,
    };
  };
  const countFigure = (key: CountMetric): Figure => {
    const n = stats ? stats[key] : null;
    return {
      key,
      label: (options.issued && STANDING_ISSUED_ZH[key]) || FIGURE_ZH[key],
      value: formatCount(n),
      detail: '',
      tone:
        key === 'overdueNow' && n !== null && n > 0
          ? 'alarm'
          : key === 'nearDueNow' && n !== null && n > 0
            ? 'warn'
            : 'plain',
    };
  };
  const mean = stats?.avgHandleHours;
  const avg: Figure = {
    key: 'avgHandleHours',
    label: FIGURE_ZH.avgHandleHours,
    value: mean && mean.value !== null ? `${mean.value.toFixed(1)} 小时` : NO_VALUE,
    detail: mean ? `${formatCount(mean.count)} 件` : '',
    tone: 'plain',
  };
  return [
    ...LEAD_RATES.map((k) => rateFigure(k, 'lead')),
    ...CASE_COUNTS.map(countFigure),
    rateFigure('resolutionRate', 'progress'),
    ...STANDING.map(countFigure),
    countFigure('extended'),
    ...OTHER_RATES.map((k) => rateFigure(k, 'plain')),
    avg,
  ];
}
