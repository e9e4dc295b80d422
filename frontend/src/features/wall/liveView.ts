/**
 * What the live page shows, derived from the live store: labels and formatted figures. Pure, so
 * the page template stays free of logic and this stays testable without a DOM.
 */
import { PERIOD_ZH } from '@gridwall/shared';
import type { Period, StatsView } from '@gridwall/shared';
import { formatCount, formatRate } from '../../utils/format';

/** Keys of the headline counts, also their `data-testid` suffix (`stat-<key>`). */
export type HeadlineKey = 'reported' | 'resolved' | 'openNow' | 'overdueNow';

/** One headline count card. */
export interface StatCard {
  key: HeadlineKey;
  /** Chinese label, e.g. 今日上报. */
  label: string;
  /** Formatted value, or "—" before the first snapshot. */
  text: string;
  /** Raw value; null before the first snapshot. */
  value: number | null;
  /** Colour role. */
  tone: 'accent' | 'good' | 'warn' | 'alarm';
}

/** The headline counts of a room, in display order. */
export function buildStatCards(stats: StatsView | null, period: Period): StatCard[] {
  const card = (key: HeadlineKey, label: string, tone: StatCard['tone']): StatCard => {
    const value = stats ? stats[key] : null;
    return { key, label, text: formatCount(value), value, tone };
  };
  const prefix = PERIOD_ZH[period];
  return [
    card('reported', `${prefix}上报`, 'accent'),
    card('resolved', `${prefix}结案`, 'good'),
    // openNow and overdueNow are standing figures at T, not counts within the period.
    card('openNow', '在办', 'warn'),
    card('overdueNow', '超期', 'alarm'),
  ];
}

/** The rate card: 结案率 with what it is made of, and 办结进度 under it. */
export interface RateCard {
  label: string;
  /** e.g. 93.72%, or "—" when nothing was due. */
  text: string;
  /** Formatted numerator (结案). */
  numerator: string;
  /** Formatted denominator (应结案). */
  denominator: string;
  /** The cohort's progress line, e.g. 办结进度 91.5%（结案 911 / 立案 996）. */
  progress: string;
}

/** The 结案率 card (resolved / due), the rate cities publish; 办结率 only as progress. */
export function buildCloseRateCard(stats: StatsView | null): RateCard {
  const rate = stats?.closeRate ?? null;
  const progress = stats?.resolutionRate ?? null;
  return {
    label: '结案率',
    text: formatRate(rate, 2),
    numerator: formatCount(rate?.numerator),
    denominator: formatCount(rate?.denominator),
    progress: `办结进度 ${formatRate(progress)}（结案 ${formatCount(progress?.numerator)} / 立案 ${formatCount(progress?.denominator)}）`,
  };
}
