/**
 * What the overview scene shows, derived from its rooms: the headline counters and the four
 * rate gauges with what they are made of. Pure: the template stays free of logic.
 */
import { PERIOD_ZH } from '@gridwall/shared';
import type { Period, Rate, StatsView } from '@gridwall/shared';
import { formatCount, formatRate } from '../../../utils/format';
import type { Gauge, GaugeKey } from '../../../widgets/RateGauges/option';

/** Keys of the headline counters, also their `data-testid` suffix (`counter-<key>`). */
export type CounterKey = 'reported' | 'resolved' | 'openNow' | 'overdueNow';

/** One headline counter. */
export interface Counter {
  key: CounterKey;
  /** e.g. 本周上报. */
  label: string;
  /** The figure for the wall's period (or the standing figure); null before the first snapshot. */
  value: number | null;
  /** Second line, e.g. 今日 +1,234; empty when none. */
  sub: string;
  tone: 'accent' | 'good' | 'warn' | 'alarm';
}

/**
 * The four counters for `period`. `today` is the day room's stats: when the wall shows a
 * longer period, each period count gets today's count under it.
 */
export function buildCounters(stats: StatsView | null, today: StatsView | null, period: Period): Counter[] {
  const prefix = PERIOD_ZH[period];
  const todaySub = (key: 'reported' | 'resolved'): string =>
    period !== 'day' && today ? `今日 ${formatCount(today[key])}` : '';
  return [
    {
      key: 'reported',
      label: `${prefix}上报`,
      value: stats?.reported ?? null,
      sub: todaySub('reported'),
      tone: 'accent',
    },
    {
      key: 'resolved',
      label: `${prefix}办结`,
      value: stats?.resolved ?? null,
      sub: todaySub('resolved'),
      tone: 'good',
    },
    // Standing figures at T, whatever the period.
    {
      key: 'openNow',
      label: '当前在办',
      value: stats?.openNow ?? null,
      sub: stats ? `临期 ${formatCount(stats.nearDueNow)}` : '',
      tone: 'warn',
    },
    {
      key: 'overdueNow',
      label: '当前超期',
      value: stats?.overdueNow ?? null,
      sub: stats ? `联席待议 ${formatCount(stats.jointMeetingNow)}` : '',
      tone: 'alarm',
    },
  ];
}

const GAUGE_PARTS: Record<GaugeKey, [string, string, string]> = {
  resolutionRate: ['办结率', '办结', '立案'],
  onTimeRate: ['按期办结率', '按期', '应办结'],
  localRate: ['属地化解率', '属地', '办结'],
  satisfactionRate: ['满意率', '满意', '评价'],
};

/** The four rate gauges of domain.md §5, each with its numerator and denominator. */
export function buildGauges(stats: StatsView | null): Gauge[] {
  return (Object.keys(GAUGE_PARTS) as GaugeKey[]).map((key) => {
    const [label, num, den] = GAUGE_PARTS[key];
    const rate: Rate | null = stats ? stats[key] : null;
    const numerator = `${num} ${formatCount(rate?.numerator)}`;
    const denominator = `${den} ${formatCount(rate?.denominator)}`;
    return {
      key,
      label,
      value: rate?.value ?? null,
      text: formatRate(rate),
      parts: `${numerator} / ${denominator}`,
      numerator,
      denominator,
    };
  });
}
