/**
 * Calendar labels of the wall header, computed from the wall clock in city time, so they roll
 * over at midnight on their own (not only when the server's next figures arrive). Pure.
 */
import { CITY_UTC_OFFSET_MS, PERIOD_ZH, periodRange } from '@gridwall/shared';
import type { Period } from '@gridwall/shared';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** Calendar fields of `t` (epoch ms) in city time. */
function cityParts(t: number): { y: number; m: number; d: number; wd: number; hh: number; mm: number; ss: number } {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  return {
    y: l.getUTCFullYear(),
    m: l.getUTCMonth() + 1,
    d: l.getUTCDate(),
    wd: l.getUTCDay(),
    hh: l.getUTCHours(),
    mm: l.getUTCMinutes(),
    ss: l.getUTCSeconds(),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** e.g. 2026年11月21日 星期六. */
export function dateLabel(t: number): string {
  const p = cityParts(t);
  return `${p.y}年${p.m}月${p.d}日 ${WEEKDAYS[p.wd]}`;
}

/** e.g. 09:30:05 (city time). */
export function clockLabel(t: number): string {
  const p = cityParts(t);
  return `${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}`;
}

/** The period on show with its dates, e.g. 本周 11月16日—11月22日, 本季度 2026年第4季度. */
export function periodLabel(period: Period, t: number): string {
  const { from, to } = periodRange(period, t);
  const a = cityParts(from);
  const b = cityParts(to - 1);
  const name = PERIOD_ZH[period];
  switch (period) {
    case 'day':
      return `${name} ${a.m}月${a.d}日`;
    case 'week':
      return `${name} ${a.m}月${a.d}日—${b.m}月${b.d}日`;
    case 'month':
      return `${name} ${a.y}年${a.m}月`;
    case 'quarter':
      return `${name} ${a.y}年第${Math.floor((a.m - 1) / 3) + 1}季度`;
    case 'year':
      return `${name} ${a.y}年`;
  }
}
