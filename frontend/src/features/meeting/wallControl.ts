/**
 * The wall control of the meeting tablet (大屏控制), as pure functions: the scene slots a tablet
 * offers to pin, and the control of a presenter channel in words.
 */
import { RANKING_TIERS } from '@gridwall/shared';
import type { WallControl } from '@gridwall/shared';
import { TIER_NAME_ZH } from '../../ui/caseView';
import { formatCityDateTime } from '../../utils/format';

/** A scene slot a tablet may pin, with its Chinese name. */
export interface SceneSlot {
  slot: string;
  label: string;
}

/** The standard scene slots: those of the wall's default playlist and the optional scenes. */
export const SCENE_SLOTS: readonly SceneSlot[] = [
  { slot: 'overview', label: '总览' },
  { slot: 'map', label: '地图' },
  { slot: 'ranking', label: '排名' },
  ...RANKING_TIERS.map((t) => ({ slot: `ranking:${t}`, label: `排名·${TIER_NAME_ZH[t]}` })),
  { slot: 'overdue', label: '超期督办' },
  { slot: 'hotspots', label: '预警热点' },
  { slot: 'assessment:week', label: '周评比' },
];

/** The Chinese name of a scene slot (an unknown one as it is). */
export function sceneLabel(slot: string): string {
  return SCENE_SLOTS.find((s) => s.slot === slot)?.label ?? slot;
}

/** The control of a channel as the panel states it. */
export interface ControlState {
  /** 按配置轮播 / 已暂停轮播 / 固定显示：排名·乡镇（街道），已暂停轮播. */
  playlist: string;
  /** 样本不足的单位：显示 / 隐藏. */
  rows: string;
  /** 由 张主任 于 2026-11-25 09:00:00 设置; empty: never controlled. */
  by: string;
}

/** No control, or a reset one: the playlist runs as configured. */
export function isDefaultControl(c: WallControl | null | undefined): boolean {
  return !c || (!c.paused && c.pinned === null && !c.hideInsufficient);
}

/** The control `c` (absent: none given) in words. */
export function controlState(c: WallControl | null | undefined): ControlState {
  const pinned = c?.pinned ? `固定显示：${sceneLabel(c.pinned)}` : '';
  const paused = c?.paused ? '已暂停轮播' : '';
  const playlist = [pinned, paused].filter(Boolean).join('，') || '按配置轮播';
  const rows = c?.hideInsufficient ? '样本不足的单位：已隐藏' : '样本不足的单位：显示';
  const by = c ? `由 ${c.by} 于 ${formatCityDateTime(c.at)} 设置` : '';
  return { playlist, rows, by };
}
