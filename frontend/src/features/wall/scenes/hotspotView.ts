/**
 * Texts of the wall's hotspots (预警, issue 15): the overview panel, the 预警热点 scene and the
 * map's marks read them from here. Pure.
 */
import { AREA_LEVEL_ZH, CATEGORY_ZH, CITY_UTC_OFFSET_MS, hotspotHeadline } from '@gridwall/shared';
import type { HotspotView } from '@gridwall/shared';
import { formatCount } from '../../../utils/format';

/** One hotspot as the wall shows it. */
export interface HotspotLine {
  id: string;
  /** Unit code (the map marks it). */
  code: string;
  /** Unit name, e.g. 人民路街道. */
  unitName: string;
  /** Its level, e.g. 乡镇（街道）. */
  levelText: string;
  /** From the district down to the unit, e.g. 金水区 · 人民路街道 · 丰产路社区. */
  placePath: string;
  /** District code of the unit (the map's shapes are districts). */
  districtCode: string;
  categoryText: string;
  /** e.g. 近24小时 14 件，常态约 3 件. */
  headline: string;
  /** e.g. 约 4.7 倍常态; empty when the usual count is 0. */
  ratioText: string;
  /** e.g. 14:05 起 (today), 11月24日 14:05 起 (earlier). */
  sinceText: string;
  /** e.g. 已持续 2 小时 5 分. */
  durationText: string;
  /** e.g. 峰值 16 件（15:00）. */
  peakText: string;
  /** Open cases behind it. */
  openCases: number;
  openText: string;
}

/** City-time calendar fields of epoch ms. */
function cityParts(t: number): { day: string; m: number; d: number; hh: string; mm: string } {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    day: l.toISOString().slice(0, 10),
    m: l.getUTCMonth() + 1,
    d: l.getUTCDate(),
    hh: pad(l.getUTCHours()),
    mm: pad(l.getUTCMinutes()),
  };
}

/** `14:05` when `t` is on the same city day as `now`, else `11月24日 14:05`. */
export function momentText(t: number, now: number): string {
  const a = cityParts(t);
  const b = cityParts(now);
  return a.day === b.day ? `${a.hh}:${a.mm}` : `${a.m}月${a.d}日 ${a.hh}:${a.mm}`;
}

/** `2 小时 5 分`, `35 分`, `1 天 3 小时` from ms (never negative). */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} 分`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时 ${minutes % 60} 分`;
  return `${Math.floor(hours / 24)} 天 ${hours % 24} 小时`;
}

/** The line of one hotspot at `now` (epoch ms: the wall clock, or a replay's moment). */
export function hotspotLine(h: HotspotView, now: number): HotspotLine {
  const since = Date.parse(h.since);
  const peakAt = Date.parse(h.peakAt);
  const path = h.areaPath.length > 0 ? h.areaPath : [{ code: h.unit.code, name: h.unit.name }];
  return {
    id: h.id,
    code: h.unit.code,
    unitName: h.unit.name,
    levelText: AREA_LEVEL_ZH[h.unit.level],
    placePath: path.map((p) => p.name).join(' · '),
    districtCode: path[0].code,
    categoryText: CATEGORY_ZH[h.category],
    headline: hotspotHeadline(h.windowHours, h.windowCount, h.expected),
    ratioText: h.ratio === null || h.expected < 0.05 ? '' : `约 ${h.ratio.toFixed(1)} 倍常态`,
    sinceText: Number.isFinite(since) ? `${momentText(since, now)} 起` : '',
    durationText: Number.isFinite(since) ? `已持续 ${durationText(now - since)}` : '',
    peakText: `峰值 ${formatCount(h.peakCount)} 件${Number.isFinite(peakAt) ? `（${momentText(peakAt, now)}）` : ''}`,
    openCases: h.openCases,
    // Not 在办: the overview's 在办 is every open case of the scope, another number.
    openText: `未结 ${formatCount(h.openCases)} 件`,
  };
}

/**
 * What the wall can say about its hotspots:
 * - `off`: the room carries no list (detection off, not ready yet, or a replay): never "none";
 * - `none`: the list is known and empty;
 * - `some`: hotspots to show.
 */
export type HotspotState = 'off' | 'none' | 'some';

/** The state of a room's hotspot list. */
export function hotspotState(list: readonly HotspotView[] | undefined): HotspotState {
  if (list === undefined) return 'off';
  return list.length === 0 ? 'none' : 'some';
}

/** The sentence shown instead of hotspots; empty when there are some. */
export function hotspotStateText(state: HotspotState, replay: boolean): string {
  if (state === 'some') return '';
  if (state === 'none') return '暂无预警';
  return replay ? '回放不含预警（预警仅实时）' : '预警未启用';
}

/** Hotspot lines of a room at `now`; empty when none or unknown. */
export function hotspotLines(list: readonly HotspotView[] | undefined, now: number): HotspotLine[] {
  return (list ?? []).map((h) => hotspotLine(h, now));
}

/** The map's marks: one per district holding hotspots, with the tooltip lines of each. */
export interface HotspotMark {
  /** District code (a shape of the map). */
  code: string;
  /** Tooltip text, one line per hotspot. */
  lines: string[];
  count: number;
}

/** Groups hotspots by their district for the map. */
export function hotspotMarks(lines: readonly HotspotLine[]): HotspotMark[] {
  const byDistrict = new Map<string, HotspotMark>();
  for (const l of lines) {
    let mark = byDistrict.get(l.districtCode);
    if (!mark) {
      mark = { code: l.districtCode, lines: [], count: 0 };
      byDistrict.set(l.districtCode, mark);
    }
    mark.count += 1;
    mark.lines.push(`${l.placePath} · ${l.categoryText}：${l.headline}`);
  }
  return [...byDistrict.values()];
}
