/**
 * What the meeting tablet shows, as pure functions of server data: the drill-down path and the
 * agenda. Unit-tested without a DOM.
 */
import { AREA_LEVEL_ZH, CATEGORY_ZH } from '@gridwall/shared';
import type { AreaLevel, AreaNode, IssuedOverdueView, MeetingView } from '@gridwall/shared';
import { formatHours, responsibleUnit } from '../../widgets/OverdueList/countdown';

/** One step of the drill-down path (the breadcrumb). */
export interface Crumb {
  code: string;
  name: string;
  level: AreaLevel;
}

/** The path after tapping `child` below the last crumb (a tap on a unit already on the path cuts back to it). */
export function drillDown(path: readonly Crumb[], child: Crumb): Crumb[] {
  const at = path.findIndex((c) => c.code === child.code);
  if (at >= 0) return path.slice(0, at + 1);
  return [...path, child];
}

/** The path cut back to its `index`-th crumb (one touch on the breadcrumb). */
export function backTo(path: readonly Crumb[], index: number): Crumb[] {
  if (index < 0) return path.slice(0, 1);
  return path.slice(0, Math.min(index + 1, path.length));
}

/** The path one level up (never above the city). */
export function backUp(path: readonly Crumb[]): Crumb[] {
  return path.length > 1 ? path.slice(0, -1) : [...path];
}

/** Whether a unit of `level` has children to drill into. */
export function canDrill(level: AreaLevel): boolean {
  return level !== 'cell';
}

/** A crumb of an area node. */
export function crumbOf(node: Pick<AreaNode, 'code' | 'name' | 'level'>): Crumb {
  return { code: node.code, name: node.name, level: node.level };
}

/** The REST path of the children of `unit`; null when it has none to drill into (a cell) or there is no unit. */
export function childrenPath(unit: Crumb | null): string | null {
  return unit && canDrill(unit.level) ? `/api/areas?parent=${encodeURIComponent(unit.code)}` : null;
}

/** The REST path of the joint-meeting agenda of `unit`; null without a unit. */
export function meetingPath(unit: Crumb | null): string | null {
  return unit ? `/api/meeting?scope=${encodeURIComponent(unit.code)}` : null;
}

/** Chinese name of a level, for headings ("下级乡镇/街道"). */
export function levelZh(level: AreaLevel): string {
  return AREA_LEVEL_ZH[level];
}

/** One agenda line. */
export interface AgendaLine {
  caseId: string;
  title: string;
  category: string;
  place: string;
  departments: string;
  daysOpen: string;
  state: 'red' | 'yellow' | 'green';
}

/** The agenda as listed (the server sends it oldest first; the order is kept). */
export function agendaLines(view: MeetingView): AgendaLine[] {
  return view.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: item.areaPath.map((a) => a.name).join(' / '),
    departments: item.departments.length ? item.departments.map((d) => d.name).join('、') : '未指派部门',
    daysOpen: `已 ${item.daysOpen} 天`,
    state: item.state,
  }));
}

/** Default presenter channel of the joint-meeting room. */
export const DEFAULT_CHANNEL = '联席会议室';

/** One case of an issued period's overdue backlog (as it stood at the period end). */
export interface IssuedOverdueLine {
  caseId: string;
  title: string;
  category: string;
  place: string;
  /** The responsible unit (department, or the area unit at the handler's level). */
  unit: string;
  /** How long it was overdue at the period end: 期末超期 2天03:00:00. */
  overdue: string;
}

/** The backlog as listed (the server sends it most overdue first; the order is kept). */
export function issuedOverdueLines(view: IssuedOverdueView): IssuedOverdueLine[] {
  return view.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    category: CATEGORY_ZH[item.category],
    place: item.areaPath.map((a) => a.name).join(' / '),
    unit: responsibleUnit(item).name,
    overdue: `期末超期 ${formatHours(item.overdueHours)}`,
  }));
}
