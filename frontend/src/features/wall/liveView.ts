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
    card('resolved', `${prefix}办结`, 'good'),
    // openNow and overdueNow are standing figures at T, not counts within the period.
    card('openNow', '在办', 'warn'),
    card('overdueNow', '超期', 'alarm'),
  ];
}

/** The resolution-rate card: the rate with what it is made of. */
export interface RateCard {
  label: string;
  /** e.g. 87.5%, or "—" when nothing was accepted. */
  text: string;
  /** Formatted numerator (办结). */
  numerator: string;
  /** Formatted denominator (立案). */
  denominator: string;
}

/** The 办结率 card (resolved / accepted). */
export function buildResolutionCard(stats: StatsView | null): RateCard {
  const rate = stats?.resolutionRate ?? null;
  return {
    label: '办结率',
    text: formatRate(rate),
    numerator: formatCount(rate?.numerator),
    denominator: formatCount(rate?.denominator),
  };
}
