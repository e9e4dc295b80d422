/**
 * What the overview scene shows, derived from its rooms: the headline counters, the four rate
 * gauges led by 结案率 and 按期结案率 with what they are made of, and 办结进度 as a progress
 * line. Pure: the template stays free of logic.
 */
import { PERIOD_ZH } from '@gridwall/shared';
import type { Period, Rate, StatsView } from '@gridwall/shared';
import { FIGURE_ZH, RATE_PARTS_ZH, rateDetail } from '../../../ui/figures';
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
      label: `${prefix}结案`,
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

const GAUGE_KEYS: GaugeKey[] = ['closeRate', 'onTimeRate', 'localRate', 'satisfactionRate'];

/** The four rate gauges (结案率, 按期结案率, 属地化解率, 满意率), each with its numerator and denominator. */
export function buildGauges(stats: StatsView | null): Gauge[] {
  return GAUGE_KEYS.map((key) => {
    const label = FIGURE_ZH[key];
    const [num, den] = RATE_PARTS_ZH[key];
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

/** 办结进度 (结案 / 立案): the cohort's progress as a bar, not a grade. */
export interface Progress {
  label: string;
  /** e.g. 91.5%, or —. */
  text: string;
  /** Share of the bar in [0, 1]. */
  share: number;
  /** e.g. 结案 911 / 立案 996. */
  parts: string;
}

/** The progress line of the period's cohort. */
export function buildProgress(stats: StatsView | null): Progress {
  const rate = stats?.resolutionRate ?? null;
  return {
    label: FIGURE_ZH.resolutionRate,
    text: formatRate(rate),
    share: rate?.value ?? 0,
    parts: rateDetail('resolutionRate', rate) || '结案 — / 立案 —',
  };
}
