/**
 * City calendar helpers. Periods are Asia/Shanghai calendar periods; Asia/Shanghai has kept
 * UTC+08:00 without daylight saving since 1991, so a fixed offset is exact.
 */

/** Offset of Asia/Shanghai from UTC, in milliseconds. */
export const CITY_UTC_OFFSET_MS = 8 * 3600_000;

/** Length of an hour and a day in milliseconds. */
export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Period kinds of domain.md §5. Weeks start on Monday. */
export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** One period kind. */
export type Period = (typeof PERIODS)[number];

/** Chinese labels of the period kinds. */
export const PERIOD_ZH: Record<Period, string> = {
  day: '今日',
  week: '本周',
  month: '本月',
  quarter: '本季度',
  year: '本年',
};

/** A half-open time range [from, to) in epoch milliseconds. */
export interface TimeRange {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

/** Start (epoch ms) of the city-calendar period of kind `period` that contains `t`. */
export function periodStart(period: Period, t: number): number {
  const local = new Date(t + CITY_UTC_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  let startLocal: number;
  switch (period) {
    case 'day':
      startLocal = Date.UTC(y, m, d);
      break;
    case 'week': {
      const dow = (local.getUTCDay() + 6) % 7; // Monday = 0
      startLocal = Date.UTC(y, m, d - dow);
      break;
    }
    case 'month':
      startLocal = Date.UTC(y, m, 1);
      break;
    case 'quarter':
      startLocal = Date.UTC(y, m - (m % 3), 1);
      break;
    case 'year':
      startLocal = Date.UTC(y, 0, 1);
      break;
  }
  return startLocal - CITY_UTC_OFFSET_MS;
}

/** End (exclusive, epoch ms) of the period of kind `period` that starts at `start`. */
export function periodEnd(period: Period, start: number): number {
  const local = new Date(start + CITY_UTC_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  let endLocal: number;
  switch (period) {
    case 'day':
      endLocal = Date.UTC(y, m, d + 1);
      break;
    case 'week':
      endLocal = Date.UTC(y, m, d + 7);
      break;
    case 'month':
      endLocal = Date.UTC(y, m + 1, 1);
      break;
    case 'quarter':
      endLocal = Date.UTC(y, m + 3, 1);
      break;
    case 'year':
      endLocal = Date.UTC(y + 1, 0, 1);
      break;
  }
  return endLocal - CITY_UTC_OFFSET_MS;
}

/** The period of kind `period` containing `t`. */
export function periodRange(period: Period, t: number): TimeRange {
  const from = periodStart(period, t);
  return { from, to: periodEnd(period, from) };
}

/** The period of kind `period` just before the one containing `t` (last week for a week). */
export function previousPeriodRange(period: Period, t: number): TimeRange {
  const current = periodStart(period, t);
  return periodRange(period, current - 1);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats epoch ms as ISO-8601 in city time, e.g. 2026-11-21T09:30:00.000+08:00. */
export function toCityIso(t: number): string {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  return (
    `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` +
    `T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}.${pad(l.getUTCMilliseconds(), 3)}+08:00`
  );
}

/**
 * Strict ISO-8601 date-time with a mandatory offset (Z or ±hh:mm), as api.md requires.
 * Fractional seconds are optional (up to 9 digits; precision beyond ms is dropped).
 */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO-8601 date-time with offset into epoch ms; returns null when the text is not
 * such a time or names an impossible date (2026-02-30, 25:00, …).
 */
export function parseIsoWithOffset(text: string): number | null {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, off] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  // Date.UTC reads years 0–99 as 1900–1999: set the full year explicitly.
  const utc = (month: number, day: number, ...rest: number[]): number => {
    const t = new Date(Date.UTC(2000, 0, 1, ...(rest as [number, number, number, number])));
    t.setUTCFullYear(y, month, day);
    return t.getTime();
  };
  const daysInMonth = new Date(utc(mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-9) : 0;
  let offsetMin = 0;
  if (off !== 'Z') {
    const sign = off[0] === '-' ? -1 : 1;
    const oh = Number(off.slice(1, 3));
    const om = Number(off.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return utc(mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}
