/**
 * Live countdowns of overdue (红灯) and near-due (黄灯) cases, computed from the deadline and
 * the wall clock, so they run between server updates. Pure, unit-tested.
 */
import { HANDLER_LEVEL_ZH, parseIsoWithOffset } from '@gridwall/shared';
import type { HandlerLevel, OverdueItem } from '@gridwall/shared';
import { NO_VALUE } from '../../utils/format';
import { shortAreaName } from '../../utils/areaNames';

/** A countdown as shown. */
export interface Countdown {
  /** Past the deadline (counting up) or before it (counting down). */
  overdue: boolean;
  /** e.g. 超期 05:12:09, 超期 2天03:00:00, 剩余 00:41:30. */
  text: string;
  /** Without the word: 05:12:09 past, 剩 00:41:30 before. */
  short: string;
  /** Whole seconds past (positive) or before (negative) the deadline. */
  seconds: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `h:mm:ss`, with days when a day or more: `2天03:00:00`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days}天${hms}` : hms;
}

/** The countdown to (or since) `deadline` at `now` (epoch ms). */
export function countdownOf(deadline: string, now: number): Countdown {
  const due = parseIsoWithOffset(deadline);
  if (due === null) return { overdue: false, text: NO_VALUE, short: NO_VALUE, seconds: 0 };
  const seconds = Math.floor((now - due) / 1000);
  if (seconds >= 0) {
    const d = formatDuration(seconds);
    return { overdue: true, text: `超期 ${d}`, short: d, seconds };
  }
  const d = formatDuration(-seconds);
  return { overdue: false, text: `剩余 ${d}`, short: `剩 ${d}`, seconds };
}

/** Depth of each area level in an area path (which starts at the district). */
const PATH_DEPTH: Partial<Record<HandlerLevel, number>> = { district: 0, township: 1, village: 2, cell: 3 };

/** The unit responsible for a case: its department, else the area node at the handler's level. */
export function responsibleUnit(item: Pick<OverdueItem, 'handler' | 'areaPath'>): { code: string; name: string } {
  const { handler, areaPath } = item;
  if (handler.departmentCode) {
    return { code: `dept:${handler.departmentCode}`, name: handler.departmentName ?? handler.departmentCode };
  }
  if (handler.level === 'city') return { code: 'city', name: HANDLER_LEVEL_ZH.city };
  const depth = PATH_DEPTH[handler.level];
  const node = depth === undefined ? undefined : areaPath[Math.min(depth, areaPath.length - 1)];
  if (!node) return { code: `level:${handler.level}`, name: HANDLER_LEVEL_ZH[handler.level] };
  // Below the township a name alone (一组) says little: prefix the township.
  const prefix = depth !== undefined && depth >= 2 && areaPath[1] ? `${areaPath[1].name}·` : '';
  return { code: node.code, name: `${prefix}${node.name}` };
}

/** Where a case is, for one line: district · township · village. */
export function placeOf(item: Pick<OverdueItem, 'areaPath'>): string {
  // The zones' official names alone would fill the line: their short names (经开区).
  return item.areaPath
    .slice(0, 3)
    .map((n, i) => (i === 0 ? shortAreaName(n.name) : n.name))
    .join(' · ');
}

/** A span of hours in words, to the hour: 68天12小时, 5小时, 不足1小时. */
export function formatHours(hours: number): string {
  const h = Math.floor(Math.max(0, hours));
  if (h === 0) return '不足1小时';
  const days = Math.floor(h / 24);
  const rest = h % 24;
  return days > 0 ? `${days}天${rest > 0 ? `${rest}小时` : ''}` : `${rest}小时`;
}
