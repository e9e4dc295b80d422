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

/** A rate as a percentage with one decimal, e.g. 87.5%; {@link NO_VALUE} for a null value. */
export function formatRate(rate: Rate | null | undefined): string {
  if (!rate || rate.value === null) return NO_VALUE;
  return `${(rate.value * 100).toFixed(1)}%`;
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
