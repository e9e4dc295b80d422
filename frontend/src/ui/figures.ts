/**
 * The §5 figures of a scope as tiles (counts, rates with numerator and denominator, mean
 * handling time): the meeting tablet, the district view and the wall's presented unit alike. Pure.
 */
import { METRIC_ZH } from '@gridwall/shared';
import type { CountMetric, RateMetric, StatsView } from '@gridwall/shared';
import { formatCount, formatRate, NO_VALUE } from '../utils/format';

/** One figure tile. */
export interface Figure {
  key: string;
  label: string;
  /** Value as shown. */
  value: string;
  /** Numerator/denominator of a rate ("12 / 15"), the sample of a mean; empty for counts. */
  detail: string;
  /** Colour hint. */
  tone: 'plain' | 'alarm' | 'warn' | 'good';
}

const COUNT_FIGURES: CountMetric[] = [
  'reported',
  'accepted',
  'resolved',
  'openNow',
  'overdueNow',
  'nearDueNow',
  'jointMeetingNow',
  'extended',
];
const RATE_FIGURES: RateMetric[] = [
  'resolutionRate',
  'onTimeRate',
  'localRate',
  'gridRate',
  'satisfactionRate',
  'reworkRate',
  'patrolShare',
];

/** The §5 figures of a scope: counts, rates with numerator/denominator, mean handling time. */
export function figures(stats: StatsView | null): Figure[] {
  const counts = COUNT_FIGURES.map<Figure>((key) => ({
    key,
    label: METRIC_ZH[key],
    value: stats ? formatCount(stats[key]) : NO_VALUE,
    detail: '',
    tone:
      key === 'overdueNow' && stats && stats[key] > 0
        ? 'alarm'
        : key === 'nearDueNow' && stats && stats[key] > 0
          ? 'warn'
          : 'plain',
  }));
  const rates = RATE_FIGURES.map<Figure>((key) => {
    const rate = stats?.[key];
    return {
      key,
      label: METRIC_ZH[key],
      value: formatRate(rate),
      detail: rate ? `${formatCount(rate.numerator)} / ${formatCount(rate.denominator)}` : '',
      tone: 'plain',
    };
  });
  const mean = stats?.avgHandleHours;
  const avg: Figure = {
    key: 'avgHandleHours',
    label: METRIC_ZH.avgHandleHours,
    value: mean && mean.value !== null ? `${mean.value.toFixed(1)} 小时` : NO_VALUE,
    detail: mean ? `${formatCount(mean.count)} 件` : '',
    tone: 'plain',
  };
  return [...counts, ...rates, avg];
}
