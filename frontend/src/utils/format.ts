/**
 * Display formatting for the wall. Times are always shown in city time (UTC+08:00), whatever
 * the time zone of the machine driving the screen.
 */
import { parseIsoWithOffset, toCityIso } from '@gridwall/shared';
import type { Rate } from '@gridwall/shared';

/** Shown for a value that does not exist (no data yet, a rate over zero cases). */
export const NO_VALUE = '—';

const countFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** A count with group separators, e.g. 12,345; {@link NO_VALUE} for null. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : countFormat.format(value);
}

/**
 * A rate as a percentage, e.g. 87.5% (`digits` decimals, default one; two for the headline
 * figures of a 通报, 93.72%); {@link NO_VALUE} for a null value.
 */
export function formatRate(rate: Rate | null | undefined, digits = 1): string {
  if (!rate || rate.value === null) return NO_VALUE;
  return `${(rate.value * 100).toFixed(digits)}%`;
}

/** A rate's numerator and denominator in full-width brackets, e.g. （911/972）; empty without a rate. */
export function formatRateParts(rate: Rate | null | undefined): string {
  return rate ? `（${formatCount(rate.numerator)}/${formatCount(rate.denominator)}）` : '';
}

/** A signed number of points with two decimals and a real minus sign: +26.25, −3.00. */
export function formatPoints(points: number): string {
  const abs = Math.abs(points).toFixed(2);
  return points < 0 && abs !== '0.00' ? `−${abs}` : `+${abs}`;
}

/** City-time ISO text (YYYY-MM-DDTHH:mm:ss…) of an ISO time with offset; null when unparsable. */
function cityIso(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = parseIsoWithOffset(iso);
  return t === null ? null : toCityIso(t);
}

/** Time of day in city time, e.g. 09:30:05; {@link NO_VALUE} when missing or unparsable. */
export function formatCityTime(iso: string | null | undefined): string {
  return cityIso(iso)?.slice(11, 19) ?? NO_VALUE;
}

/** Date and time in city time, e.g. 2026-11-21 09:30:05; {@link NO_VALUE} when missing. */
export function formatCityDateTime(iso: string | null | undefined): string {
  const text = cityIso(iso);
  return text === null ? NO_VALUE : `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}
